package dev.millrace.streams.kstream;

import dev.millrace.serialization.Serde;
import dev.millrace.streams.internal.WindowedSerde;
import java.util.Objects;

/**
 * Serdes for {@link Windowed} keys, e.g. to write a windowed table to a topic or to read it back.
 * Format: the inner key's bytes, then the window start and end as big-endian 64-bit integers.
 * Windowed aggregations already use this format (with their key serde) for their output, so
 * {@code table.toStream().to("out")} needs no serde for the key.
 */
public final class WindowedSerdes {
  private WindowedSerdes() {}

  public static <K> Serde<Windowed<K>> windowed(Serde<K> keySerde) {
    return new WindowedSerde<>(Objects.requireNonNull(keySerde, "keySerde"));
  }
}
