package dev.millrace.streams.kstream;

import java.time.Duration;

/**
 * Sliding windows of a fixed time difference, defined by the records themselves: for each record
 * at {@code t}, the window {@code [t - diff, t]} ending with it, and, when some record follows
 * within {@code diff}, the window {@code [t + 1, t + 1 + diff]} starting just after it. Both ends
 * are inclusive, and {@link Windowed#endMs()} is {@code start + diff}. Each window holds the
 * aggregate of every record inside it; windows with the same records are not repeated. Example,
 * diff 10: records at 5 and 12 → windows [-5,5] = {5}, [2,12] = {5,12} and [6,16] = {12}.
 *
 * <p>A record is late, and dropped (logged at DEBUG with topic, partition and offset, counted as
 * skipped), when {@code t + grace} is before the operator's stream time; a window closes when
 * stream time passes {@code end + grace}, and never changes after that.
 */
public final class SlidingWindows {
  private final long timeDifferenceMs;
  private final long graceMs;

  private SlidingWindows(long timeDifferenceMs, long graceMs) {
    this.timeDifferenceMs = timeDifferenceMs;
    this.graceMs = graceMs;
  }

  public static SlidingWindows ofTimeDifferenceWithNoGrace(Duration timeDifference) {
    return ofTimeDifferenceAndGrace(timeDifference, Duration.ZERO);
  }

  public static SlidingWindows ofTimeDifferenceAndGrace(Duration timeDifference, Duration grace) {
    long d = TimeWindows.millis(timeDifference, "timeDifference");
    long g = TimeWindows.millis(grace, "grace");
    if (d <= 0) {
      throw new IllegalArgumentException("time difference must be > 0, got " + timeDifference);
    }
    if (g < 0) {
      throw new IllegalArgumentException("grace must be >= 0, got " + grace);
    }
    return new SlidingWindows(d, g);
  }

  public long timeDifferenceMs() {
    return timeDifferenceMs;
  }

  public long graceMs() {
    return graceMs;
  }

  @Override
  public String toString() {
    return "SlidingWindows(timeDifference=" + timeDifferenceMs + "ms, grace=" + graceMs + "ms)";
  }
}
