package dev.millrace.streams.kstream;

import java.util.Objects;

/**
 * The key of a windowed aggregation's result: the record key and the window it was aggregated
 * in. For {@link TimeWindows} the window is {@code [startMs, endMs)} (end exclusive); for {@link
 * SessionWindows} it is {@code [startMs, endMs]}, the timestamps of the session's first and last
 * record (both inclusive, equal for a session of one record).
 *
 * @param key the record key, never null
 * @param startMs the window's start (epoch ms, inclusive)
 * @param endMs the window's end (epoch ms), {@code >= startMs}
 */
public record Windowed<K>(K key, long startMs, long endMs) {
  public Windowed {
    Objects.requireNonNull(key, "key");
    if (endMs < startMs) {
      throw new IllegalArgumentException("window end " + endMs + " is before its start "
          + startMs);
    }
  }

  @Override
  public String toString() {
    return "[" + key + "@" + startMs + "/" + endMs + "]";
  }
}
