package dev.millrace.streams.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.millrace.log.Header;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordTest {
  private static final Header H = new Header("trace", new byte[] {1});

  @Test
  void headersCannotChangeUnderARecord() {
    List<Header> mutable = new ArrayList<>(List.of(H));
    Record<String, String> r = new Record<>("k", "v", 1, mutable);
    mutable.clear();
    assertEquals(List.of(H), r.headers());
    assertThrows(UnsupportedOperationException.class, () -> r.headers().add(H));
    assertEquals(List.of(H), r.withHeaders(mutable).withHeaders(List.of(H)).headers());
  }

  @Test
  void immutableHeadersArePassedOnWithoutACopy() {
    // operators hand the same headers from record to record and into caches on every record
    List<Header> headers = List.of(H);
    Record<String, String> r = new Record<>("k", "v", 1, headers);
    assertSame(headers, r.headers());
    assertSame(headers, r.withKey("x").withValue(2).withTimestamp(3).headers());
    assertSame(List.of(), new Record<>("k", "v", 1).headers());
  }

  @Test
  void nullHeadersAreRejected() {
    assertThrows(NullPointerException.class, () -> new Record<>("k", "v", 1, null));
    List<Header> withNull = new ArrayList<>();
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> new Record<>("k", "v", 1, withNull));
  }
}
