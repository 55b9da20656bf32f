package dev.millrace.state.spi;

import java.util.Objects;

/**
 * The address of one session's value in a {@link SessionBytesStore}: a record key and the
 * session's first and last record timestamps (both inclusive).
 *
 * @param key the record key, never null
 * @param start timestamp of the session's earliest record
 * @param end timestamp of the session's latest record, {@code >= start}
 */
public record SessionKey(Bytes key, long start, long end) {
  public SessionKey {
    Objects.requireNonNull(key, "key");
    if (end < start) {
      throw new IllegalArgumentException(
          "session end " + end + " is before its start " + start + " (key " + key + ")");
    }
  }
}
