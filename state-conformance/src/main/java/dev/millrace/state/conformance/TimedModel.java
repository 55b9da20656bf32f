package dev.millrace.state.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.WindowBytesStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The brute-force reference of a window or session store: every entry written while live, and
 * the stream time; expiry is applied on read, exactly as the contract states it.
 *
 * @param <K> an entry's address (window key, session key)
 */
final class TimedModel<K> {
  private final Retention retention;
  private final ToLongFunction<K> timestamp;
  private final Comparator<K> order;
  private final Map<K, byte[]> entries = new HashMap<>();
  private long streamTime = WindowBytesStore.NO_STREAM_TIME;

  /**
   * @param timestamp the timestamp that advances stream time and expires an entry
   * @param order the order the store returns one key's entries in
   */
  TimedModel(Retention retention, ToLongFunction<K> timestamp, Comparator<K> order) {
    this.retention = retention;
    this.timestamp = timestamp;
    this.order = order;
  }

  long streamTime() {
    return streamTime;
  }

  void apply(Map<K, byte[]> writes) {
    for (K k : writes.keySet()) {
      streamTime = Math.max(streamTime, timestamp.applyAsLong(k));
    }
    writes.forEach((k, v) -> {
      if (isExpired(k)) {
        return;
      }
      if (v == null) {
        entries.remove(k);
      } else {
        entries.put(k, v);
      }
    });
  }

  /** The live entries whose address passes {@code filter}, in the model's order. */
  List<Entry<K>> live(Predicate<K> filter) {
    List<Entry<K>> out = new ArrayList<>();
    entries.forEach((k, v) -> {
      if (!isExpired(k) && filter.test(k)) {
        out.add(Entry.of(k, v));
      }
    });
    out.sort(Comparator.comparing(Entry::key, order));
    return out;
  }

  /**
   * Asserts that the point read {@code read} (named {@code what} in failures) returns every entry
   * ever written while it is live, and nothing once it has expired.
   */
  void assertPointReads(String what, Function<K, byte[]> read) {
    entries.forEach((k, v) -> {
      Bytes expected = isExpired(k) ? null : Bytes.wrap(v);
      assertEquals(expected, KeyValueBytesStoreContract.wrap(read.apply(k)), what + "(" + k + ")");
    });
  }

  private boolean isExpired(K key) {
    return retention.isExpired(timestamp.applyAsLong(key), streamTime);
  }
}
