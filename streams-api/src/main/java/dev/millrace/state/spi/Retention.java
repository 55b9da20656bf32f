package dev.millrace.state.spi;

/**
 * How long a window or session store keeps data, and how it groups data by time so that expiry
 * is cheap.
 *
 * <p>A time-keyed store tracks its own <em>stream time</em>: the largest timestamp ever written to
 * it (window start for window stores, session end for session stores). An entry whose timestamp is
 * {@code <= streamTime - retentionMs} is <em>expired</em>: it is never returned again and writes to
 * it are ignored. Engines may drop expired data lazily, a whole segment of
 * {@code segmentIntervalMs} at a time, but expiry is exact as far as readers can tell.
 *
 * @param retentionMs how far behind stream time data stays visible; {@code > 0}. For windowed
 *     aggregations this must be at least window size plus grace period.
 * @param segmentIntervalMs width of a time segment, the unit engines create and drop storage in;
 *     {@code > 0}. Smaller segments free space sooner but mean more segments (RocksDB: column
 *     families) per store.
 */
public record Retention(long retentionMs, long segmentIntervalMs) {
  /** Fewest milliseconds a default segment spans. */
  private static final long MIN_DEFAULT_SEGMENT_MS = 60_000L;

  public Retention {
    if (retentionMs <= 0) {
      throw new IllegalArgumentException("retentionMs must be > 0, got " + retentionMs);
    }
    if (segmentIntervalMs <= 0) {
      throw new IllegalArgumentException("segmentIntervalMs must be > 0, got " + segmentIntervalMs);
    }
  }

  /**
   * Retention of {@code retentionMs} with the default segment interval: half the retention
   * (so about three segments are alive), at least one minute, so that short retentions do not
   * create a flood of tiny segments.
   */
  public static Retention of(long retentionMs) {
    if (retentionMs <= 0) {
      throw new IllegalArgumentException("retentionMs must be > 0, got " + retentionMs);
    }
    return new Retention(retentionMs, Math.max(retentionMs / 2, MIN_DEFAULT_SEGMENT_MS));
  }

  /**
   * The smallest timestamp still live at {@code streamTime}: everything before it is expired.
   * {@link Long#MIN_VALUE} when nothing can be expired yet (including a store that has no stream
   * time, which engines represent as {@code Long.MIN_VALUE}).
   */
  public long firstLiveTimestamp(long streamTime) {
    if (streamTime < Long.MIN_VALUE + retentionMs) {
      return Long.MIN_VALUE;
    }
    return streamTime - retentionMs + 1;
  }

  /** True if an entry at {@code timestamp} is expired at {@code streamTime}. */
  public boolean isExpired(long timestamp, long streamTime) {
    return timestamp < firstLiveTimestamp(streamTime);
  }
}
