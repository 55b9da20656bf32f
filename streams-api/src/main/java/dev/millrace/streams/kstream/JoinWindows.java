package dev.millrace.streams.kstream;

import java.time.Duration;
import java.util.Objects;

/**
 * Which records of two streams a windowed {@link KStream#join(KStream, ValueJoiner, JoinWindows)
 * stream-stream join} pairs: a record of this (left) stream at {@code ts} joins every record of
 * the other (right) stream with the same key and a timestamp in {@code [ts - before, ts + after]}.
 * The joined record gets the later of the two timestamps.
 *
 * <p>Example, {@code ofTimeDifferenceWithNoGrace(10 min)}: impression {@code (ad1, "shown")} at
 * 12:00 and click {@code (ad1, "clicked")} at 12:04 → {@code (ad1, joiner("shown", "clicked"))}
 * at 12:04; a click at 12:11 would not join it.
 *
 * <p><b>Stream time and grace.</b> The join's stream time is the largest timestamp among the
 * records both sides have brought to it. A record more than {@code grace} behind stream time is
 * <em>late</em>: it is dropped (logged at DEBUG, counted as skipped) and joins nothing. So a record
 * at {@code ts} of the left stream can find no new partner once stream time passes
 * {@code ts + after + grace} (a right record at {@code ts} once it passes {@code ts + before +
 * grace}); that is when a {@link KStream#leftJoin left} or {@link KStream#outerJoin outer} join
 * emits its result with a null partner, if it never found one. Unlike Kafka Streams, which may
 * still join a record that is outside the grace period but inside its store retention, Millrace
 * drops every late record, so that a record never gets both a null-partner result and a match.
 * Both sides are buffered for {@code before + after + grace}.
 *
 * <p>{@code before} or {@code after} may be negative (a window that does not contain the record's
 * own time, e.g. {@code before(-5 s).after(1 min)}: partners from 5 s to 1 min later), as long as
 * {@code before + after >= 0}. Immutable.
 */
public final class JoinWindows {
  /** Bound on every duration, so that window arithmetic on epoch timestamps cannot overflow. */
  private static final long MAX_MS = Long.MAX_VALUE / 8;

  private final long beforeMs;
  private final long afterMs;
  private final long graceMs;

  private JoinWindows(long beforeMs, long afterMs, long graceMs) {
    if (beforeMs + afterMs < 0) {
      throw new IllegalArgumentException("join window [ts - before, ts + after] is empty: before "
          + beforeMs + " ms + after " + afterMs + " ms must be >= 0");
    }
    this.beforeMs = beforeMs;
    this.afterMs = afterMs;
    this.graceMs = graceMs;
  }

  /**
   * Records join if their timestamps differ by at most {@code timeDifference} either way, and
   * records more than {@code grace} behind stream time are late. Example: difference 10 min, grace
   * 1 min: a click 30 s out of order still joins; an unmatched impression at 12:00 is emitted with
   * a null click once stream time passes 12:11.
   *
   * @throws IllegalArgumentException if {@code timeDifference} or {@code grace} is negative
   */
  public static JoinWindows ofTimeDifferenceAndGrace(Duration timeDifference, Duration grace) {
    long d = millis(timeDifference, "timeDifference");
    if (d < 0) {
      throw new IllegalArgumentException("join window timeDifference must be >= 0, got "
          + timeDifference);
    }
    long g = millis(grace, "grace");
    if (g < 0) {
      throw new IllegalArgumentException("join window grace must be >= 0, got " + grace);
    }
    return new JoinWindows(d, d, g);
  }

  /**
   * Records join if their timestamps differ by at most {@code timeDifference} either way; no
   * grace, so a record behind stream time at all is late and dropped.
   *
   * @throws IllegalArgumentException if {@code timeDifference} is negative
   */
  public static JoinWindows ofTimeDifferenceWithNoGrace(Duration timeDifference) {
    return ofTimeDifferenceAndGrace(timeDifference, Duration.ZERO);
  }

  /**
   * The same windows, except that a right record may be at most {@code timeDifference} earlier
   * than the left record: {@code ofTimeDifferenceWithNoGrace(10 s).before(0 s)} joins a left
   * record at 100 s with right records in {@code [100 s, 110 s]}.
   *
   * @throws IllegalArgumentException if {@code timeDifference + after < 0}
   */
  public JoinWindows before(Duration timeDifference) {
    return new JoinWindows(millis(timeDifference, "before"), afterMs, graceMs);
  }

  /**
   * The same windows, except that a right record may be at most {@code timeDifference} later
   * than the left record: {@code ofTimeDifferenceWithNoGrace(10 s).after(0 s)} joins a left
   * record at 100 s with right records in {@code [90 s, 100 s]}.
   *
   * @throws IllegalArgumentException if {@code before + timeDifference < 0}
   */
  public JoinWindows after(Duration timeDifference) {
    return new JoinWindows(beforeMs, millis(timeDifference, "after"), graceMs);
  }

  /** How much earlier than a left record a right record may be, in ms. */
  public long beforeMs() {
    return beforeMs;
  }

  /** How much later than a left record a right record may be, in ms. */
  public long afterMs() {
    return afterMs;
  }

  /** How far behind stream time a record may be and still be joined, in ms. */
  public long graceMs() {
    return graceMs;
  }

  /** {@code before + after}: the width of the span of partner timestamps. */
  public long sizeMs() {
    return beforeMs + afterMs;
  }

  private static long millis(Duration d, String what) {
    Objects.requireNonNull(d, what);
    long ms;
    try {
      ms = d.toMillis();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("join window " + what + " " + d + " is too long", e);
    }
    if (Math.abs(ms) > MAX_MS) {
      throw new IllegalArgumentException("join window " + what + " " + d
          + " is too long: at most " + MAX_MS + " ms");
    }
    return ms;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JoinWindows w && w.beforeMs == beforeMs && w.afterMs == afterMs
        && w.graceMs == graceMs;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(beforeMs) * 961 + Long.hashCode(afterMs) * 31 + Long.hashCode(graceMs);
  }

  @Override
  public String toString() {
    return "JoinWindows(before=" + beforeMs + "ms, after=" + afterMs + "ms, grace=" + graceMs
        + "ms)";
  }
}
