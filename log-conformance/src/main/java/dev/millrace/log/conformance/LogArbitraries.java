package dev.millrace.log.conformance;

import dev.millrace.log.Header;
import dev.millrace.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of log inputs shared by the suite's properties. */
final class LogArbitraries {
  private LogArbitraries() {}

  /**
   * Records with every shape a log must carry unchanged: null or empty keys and values,
   * no timestamp or any timestamp, none or several headers (repeated keys, null values).
   */
  static Arbitrary<LogRecord> records() {
    Arbitrary<byte[]> keys = Arbitraries.bytes().array(byte[].class).ofMaxSize(12).injectNull(0.2);
    Arbitrary<byte[]> values =
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300).injectNull(0.15);
    Arbitrary<Long> timestamps = Arbitraries.oneOf(Arbitraries.just(LogRecord.NO_TIMESTAMP),
        Arbitraries.longs().between(0, 4_000_000_000_000L));
    Arbitrary<Header> header = Combinators.combine(
            Arbitraries.strings().withChars("abcxyz-").ofMaxLength(6),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(4).injectNull(0.3))
        .as(Header::new);
    Arbitrary<List<Header>> headers = header.list().ofMaxSize(3);
    return Combinators.combine(keys, values, timestamps, headers).as(LogRecord::new);
  }

  /** {@code count} small records tagged with {@code tag}, so a mismatch says where it came from. */
  static List<LogRecord> tagged(String tag, int count, long timestamp) {
    List<LogRecord> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(LogRecord.of(bytes(tag + "-k" + i), bytes(tag + "-v" + i), timestamp));
    }
    return out;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String string(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }
}
