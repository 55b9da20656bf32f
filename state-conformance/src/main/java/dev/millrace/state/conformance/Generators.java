package dev.millrace.state.conformance;

import dev.millrace.state.spi.Bytes;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Byte strings drawn from a tiny alphabet that sits on the edges of unsigned order (0x00, 0x7f,
 * 0x80, 0xff), so that short keys collide, share prefixes and expose signed-byte comparisons.
 */
final class Generators {
  private Generators() {}

  static Arbitrary<Bytes> keys(int maxLength) {
    return Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x7f, (byte) 0x80, (byte) 0xff)
        .list()
        .ofMaxSize(maxLength)
        .map(Generators::toArray)
        .map(Bytes::wrap);
  }

  static Arbitrary<Bytes> nonEmptyKeys(int maxLength) {
    return keys(maxLength).filter(k -> k.length() > 0);
  }

  static Arbitrary<byte[]> values() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(4);
  }

  /**
   * The writes of one commit: up to {@code maxWrites} addresses from {@code addresses}, each with a
   * value, or with null (a delete) at {@code deleteProbability}.
   */
  static <K> Arbitrary<Map<K, byte[]>> writes(
      Arbitrary<K> addresses, double deleteProbability, int maxWrites) {
    return Combinators.combine(addresses, values().injectNull(deleteProbability))
        .as((k, v) -> new AbstractMap.SimpleEntry<>(k, v))
        .list()
        .ofMaxSize(maxWrites)
        .map(entries -> {
          Map<K, byte[]> writes = new HashMap<>();
          entries.forEach(e -> writes.put(e.getKey(), e.getValue()));
          return writes;
        });
  }

  /**
   * One to five queries of a key of up to two bytes and two times in {@code [minTime, maxTime]},
   * which may come in either order.
   */
  static <Q> Arbitrary<List<Q>> timeQueries(
      long minTime, long maxTime, Combinators.F3<Bytes, Long, Long, Q> query) {
    Arbitrary<Long> time = Arbitraries.longs().between(minTime, maxTime);
    return Combinators.combine(keys(2), time, time).as(query).list().ofMinSize(1).ofMaxSize(5);
  }

  private static byte[] toArray(java.util.List<Byte> list) {
    byte[] out = new byte[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }
}
