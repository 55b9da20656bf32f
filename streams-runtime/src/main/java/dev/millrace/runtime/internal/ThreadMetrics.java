package dev.millrace.runtime.internal;

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

  void recordSkipped() {
    skipped++;
  }

  void recordCommit(long nanos) {
    commits++;
    commitNanosTotal += nanos;
    if (nanos > commitNanosMax) {
      commitNanosMax = nanos;
    }
  }
}
