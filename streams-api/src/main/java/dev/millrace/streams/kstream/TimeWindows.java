package dev.millrace.streams.kstream;

import java.time.Duration;
import java.util.Objects;

/**
 * Fixed-size windows aligned to the epoch: tumbling ({@code advance == size}, each record in
 * exactly one window) or hopping ({@code advance < size}, each record in {@code size / advance}
 * windows). A window is {@code [start, start + size)} with {@code start} a multiple of the
 * advance and {@code >= 0}.
 *
 * <p>A window <em>closes</em> when the operator's stream time (the largest record timestamp it has
 * seen) reaches {@code end + grace}. A record that falls only into closed windows is dropped, logged
 * at DEBUG with its topic, partition and offset, and counted as skipped; a closed window never
 * changes. Example, size 10, no grace: records at 3, 12, 5 → window [0,10) counts 1 (the record at
 * 5 arrived after stream time 12 closed it), window [10,20) counts 1.
 */
public final class TimeWindows {
  private final long sizeMs;
  private final long advanceMs;
  private final long graceMs;

  private TimeWindows(long sizeMs, long advanceMs, long graceMs) {
    this.sizeMs = sizeMs;
    this.advanceMs = advanceMs;
    this.graceMs = graceMs;
  }

  /** Tumbling windows of {@code size} that close as soon as stream time passes their end. */
  public static TimeWindows ofSizeWithNoGrace(Duration size) {
    return ofSizeAndGrace(size, Duration.ZERO);
  }

  /** Tumbling windows of {@code size} that accept records up to {@code grace} late. */
  public static TimeWindows ofSizeAndGrace(Duration size, Duration grace) {
    long s = millis(size, "size");
    long g = millis(grace, "grace");
    if (s <= 0) {
      throw new IllegalArgumentException("window size must be > 0, got " + size);
    }
    if (g < 0) {
      throw new IllegalArgumentException("grace must be >= 0, got " + grace);
    }
    return new TimeWindows(s, s, g);
  }

  /**
   * Hopping windows: a new window starts every {@code advance}.
   *
   * @throws IllegalArgumentException unless {@code 0 < advance <= size}
   */
  public TimeWindows advanceBy(Duration advance) {
    long a = millis(advance, "advance");
    if (a <= 0 || a > sizeMs) {
      throw new IllegalArgumentException("window advance must be > 0 and <= the size " + sizeMs
          + " ms, got " + advance);
    }
    return new TimeWindows(sizeMs, a, graceMs);
  }

  public long sizeMs() {
    return sizeMs;
  }

  public long advanceMs() {
    return advanceMs;
  }

  public long graceMs() {
    return graceMs;
  }

  /** Start of the latest window containing {@code timestamp}; earlier ones step back by advance. */
  public long latestStartFor(long timestamp) {
    return timestamp - Math.floorMod(timestamp, advanceMs);
  }

  static long millis(Duration d, String what) {
    Objects.requireNonNull(d, what);
    return d.toMillis();
  }

  @Override
  public String toString() {
    return "TimeWindows(size=" + sizeMs + "ms, advance=" + advanceMs + "ms, grace=" + graceMs
        + "ms)";
  }
}
