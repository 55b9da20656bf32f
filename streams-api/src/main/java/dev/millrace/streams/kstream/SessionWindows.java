package dev.millrace.streams.kstream;

import java.time.Duration;

/**
 * Session windows: a key's records no more than {@code inactivityGap} apart belong to one session
 * {@code [first, last]}; a record that falls within the gap of two sessions merges them. Example,
 * gap 5: records at 1, 4, 20 → sessions [1,4] and [20,20]; then a record at 9 → [1,9] and [20,20];
 * then one at 15 → [1,9] and [15,20]; then one at 12 → [1,20].
 *
 * <p>Stream time is the largest timestamp the operator has seen. A record is late, and dropped
 * (logged at DEBUG with topic, partition and offset, counted as skipped), when its timestamp is
 * before {@code streamTime - grace}. A session closes when stream time passes {@code end + gap +
 * grace}: no on-time record can reach it any more, so it never changes after that.
 */
public final class SessionWindows {
  private final long gapMs;
  private final long graceMs;

  private SessionWindows(long gapMs, long graceMs) {
    this.gapMs = gapMs;
    this.graceMs = graceMs;
  }

  public static SessionWindows ofInactivityGapWithNoGrace(Duration gap) {
    return ofInactivityGapAndGrace(gap, Duration.ZERO);
  }

  public static SessionWindows ofInactivityGapAndGrace(Duration gap, Duration grace) {
    long g = TimeWindows.millis(gap, "gap");
    long gr = TimeWindows.millis(grace, "grace");
    if (g <= 0) {
      throw new IllegalArgumentException("inactivity gap must be > 0, got " + gap);
    }
    if (gr < 0) {
      throw new IllegalArgumentException("grace must be >= 0, got " + grace);
    }
    return new SessionWindows(g, gr);
  }

  public long inactivityGapMs() {
    return gapMs;
  }

  public long graceMs() {
    return graceMs;
  }

  @Override
  public String toString() {
    return "SessionWindows(gap=" + gapMs + "ms, grace=" + graceMs + "ms)";
  }
}
