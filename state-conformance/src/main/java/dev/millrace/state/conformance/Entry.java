package dev.millrace.state.conformance;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.spi.Bytes;
import dev.millrace.streams.KeyValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A store entry with value equality on both sides (byte arrays compare by identity), so lists of
 * entries from a store and from a reference model can be compared and printed.
 */
record Entry<K>(K key, Bytes value) {
  static <K> Entry<K> of(K key, byte[] value) {
    return new Entry<>(key, value == null ? null : Bytes.wrap(value));
  }

  /** Drains and closes {@code iterator}. */
  static <K> List<Entry<K>> drain(KeyValueIterator<K, byte[]> iterator) {
    List<Entry<K>> out = new ArrayList<>();
    try (iterator) {
      while (iterator.hasNext()) {
        KeyValue<K, byte[]> kv = iterator.next();
        out.add(of(kv.key(), kv.value()));
      }
    }
    return out;
  }
}
