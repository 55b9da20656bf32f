package dev.millrace.runtime.internal;

import dev.millrace.runtime.StreamsMetrics;

/**
 * Counters of one stream thread. Written by that thread only (so plain increments of volatile
 * fields are safe), read by anyone; processed records are added once per batch, not per record.
 */
public final class ThreadMetrics {
  volatile long processed;
  volatile long skipped;
  volatile long commits;
  volatile long commitNanosTotal;
  volatile long commitNanosMax;
  private final LatencyHistogram commitLatency = new LatencyHistogram();

  public long processed() {
    return processed;
  }

  public long skipped() {
    return skipped;
  }

  public long commits() {
    return commits;
  }

  public long commitNanosTotal() {
    return commitNanosTotal;
  }

  public long commitNanosMax() {
    return commitNanosMax;
  }

  public LatencyHistogram commitLatency() {
    return commitLatency;
  }

  /** The counters of {@code threads} summed, percentiles over all their commits. */
  public static StreamsMetrics snapshot(Iterable<ThreadMetrics> threads) {
    long processed = 0;
    long skipped = 0;
    long commits = 0;
    long commitNanos = 0;
    long commitMax = 0;
    long[] latency = new long[LatencyHistogram.size()];
    for (ThreadMetrics m : threads) {
      processed += m.processed;
      skipped += m.skipped;
      commits += m.commits;
      commitNanos += m.commitNanosTotal;
      commitMax = Math.max(commitMax, m.commitNanosMax);
      m.commitLatency.addTo(latency);
    }
    return new StreamsMetrics(processed, skipped, commits,
        commits == 0 ? 0 : commitNanos / commits, commitMax,
        Math.min(commitMax, LatencyHistogram.percentile(latency, 0.50)),
        Math.min(commitMax, LatencyHistogram.percentile(latency, 0.99)));
  }

  void recordSkipped() {
    skipped++;
  }

  void recordCommit(long nanos) {
    commits++;
    commitNanosTotal += nanos;
    commitLatency.record(nanos);
    if (nanos > commitNanosMax) {
      commitNanosMax = nanos;
    }
  }
}
