package dev.millrace.state.spi;

import java.util.Objects;

/**
 * The address of one window's value in a {@link WindowBytesStore}: a record key and the start of
 * the window (epoch milliseconds, inclusive). The window's end is the windowing operator's business.
 *
 * @param key the record key, never null
 * @param windowStart the window's start timestamp
 */
public record WindowKey(Bytes key, long windowStart) {
  public WindowKey {
    Objects.requireNonNull(key, "key");
  }
}
