package dev.millrace.runtime.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts durations in logarithmic buckets, eight per power of two, so that a percentile read back
 * is at most 12.5% above the true value whatever the range (1 ns to hours), in a fixed 4 KiB.
 * Written by one thread, read by any; histograms of several threads {@link #addTo add up}.
 */
public final class LatencyHistogram {
  private static final int SUB_BITS = 3;
  private static final int SUB = 1 << SUB_BITS;
  private static final int BUCKETS = (64 - SUB_BITS) * SUB + SUB;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  /** Counts one duration; negative ones count as 0. */
  public void record(long nanos) {
    counts.incrementAndGet(bucket(Math.max(0, nanos)));
  }

  static int bucket(long v) {
    if (v < SUB) {
      return (int) v;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(v);
    int sub = (int) (v >>> (exponent - SUB_BITS)) & (SUB - 1);
    return (exponent - SUB_BITS + 1) * SUB + sub;
  }

  /** The largest value that falls into bucket {@code b}. */
  static long upperBound(int b) {
    if (b < SUB) {
      return b;
    }
    int exponent = b / SUB - 1 + SUB_BITS;
    long sub = b % SUB;
    long lower = (1L << exponent) | (sub << (exponent - SUB_BITS));
    return lower + (1L << (exponent - SUB_BITS)) - 1;
  }

  /** Adds this histogram's counts into {@code sums} (of length {@link #size()}). */
  public void addTo(long[] sums) {
    for (int i = 0; i < BUCKETS; i++) {
      sums[i] += counts.get(i);
    }
  }

  /** The number of buckets, the length of the arrays {@link #addTo} and {@link #percentile} use. */
  public static int size() {
    return BUCKETS;
  }

  /**
   * The upper bound of the bucket holding the {@code q}-quantile (nearest rank) of bucket counts
   * {@code sums}; 0 if they are all zero.
   *
   * @param q in (0, 1]
   */
  public static long percentile(long[] sums, double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1], got " + q);
    }
    long total = 0;
    for (long c : sums) {
      total += c;
    }
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < sums.length; i++) {
      seen += sums[i];
      if (seen >= rank) {
        return upperBound(i);
      }
    }
    return upperBound(sums.length - 1);
  }
}
