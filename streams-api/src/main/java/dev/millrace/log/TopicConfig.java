package dev.millrace.log;

import java.time.Duration;
import java.util.Objects;

/**
 * How a topic is laid out and cleaned: partition count, cleanup policy, retention and segment
 * sizing. Immutable; start from {@link #partitions(int)} and refine with the {@code with...}
 * methods.
 *
 * <pre>{@code
 * TopicConfig.partitions(4).withCleanupPolicy(CleanupPolicy.COMPACT)
 * TopicConfig.partitions(1).withRetention(Duration.ofDays(7))
 * }</pre>
 *
 * <p>Each setting has the meaning of the Kafka topic config of the same name. Defaults keep data
 * forever: an embedded log should not delete a user's records unless told to.
 */
public final class TopicConfig {
  /** Value of {@link #retentionMs()} and {@link #retentionBytes()} meaning "no limit". */
  public static final long UNLIMITED = -1L;
  /** Most partitions a topic may have. */
  public static final int MAX_PARTITIONS = 100_000;

  static final long DEFAULT_DELETE_RETENTION_MS = Duration.ofDays(1).toMillis();
  static final int DEFAULT_SEGMENT_BYTES = 128 * 1024 * 1024;
  static final long DEFAULT_SEGMENT_MS = Duration.ofDays(7).toMillis();

  private final int partitions;
  private final CleanupPolicy cleanupPolicy;
  private final long retentionMs;
  private final long retentionBytes;
  private final long deleteRetentionMs;
  private final int segmentBytes;
  private final long segmentMs;

  private TopicConfig(int partitions, CleanupPolicy cleanupPolicy, long retentionMs,
      long retentionBytes, long deleteRetentionMs, int segmentBytes, long segmentMs) {
    this.partitions = partitions;
    this.cleanupPolicy = cleanupPolicy;
    this.retentionMs = retentionMs;
    this.retentionBytes = retentionBytes;
    this.deleteRetentionMs = deleteRetentionMs;
    this.segmentBytes = segmentBytes;
    this.segmentMs = segmentMs;
  }

  /**
   * A topic with {@code count} partitions, cleanup policy {@link CleanupPolicy#DELETE} and
   * unlimited retention.
   *
   * @throws IllegalArgumentException if {@code count} is not in {@code 1..MAX_PARTITIONS}
   */
  public static TopicConfig partitions(int count) {
    if (count < 1 || count > MAX_PARTITIONS) {
      throw new IllegalArgumentException(
          "partitions must be in 1.." + MAX_PARTITIONS + ", got " + count);
    }
    return new TopicConfig(count, CleanupPolicy.DELETE, UNLIMITED, UNLIMITED,
        DEFAULT_DELETE_RETENTION_MS, DEFAULT_SEGMENT_BYTES, DEFAULT_SEGMENT_MS);
  }

  /** Same config with another cleanup policy. */
  public TopicConfig withCleanupPolicy(CleanupPolicy policy) {
    Objects.requireNonNull(policy, "cleanupPolicy");
    return new TopicConfig(partitions, policy, retentionMs, retentionBytes, deleteRetentionMs,
        segmentBytes, segmentMs);
  }

  /**
   * Same config, deleting segments whose newest record is older than {@code retention}.
   *
   * @throws IllegalArgumentException if {@code retention} is zero or negative
   */
  public TopicConfig withRetention(Duration retention) {
    Objects.requireNonNull(retention, "retention");
    if (retention.isZero() || retention.isNegative()) {
      throw new IllegalArgumentException("retention must be positive, got " + retention);
    }
    return new TopicConfig(partitions, cleanupPolicy, retention.toMillis(), retentionBytes,
        deleteRetentionMs, segmentBytes, segmentMs);
  }

  /**
   * Same config, deleting the oldest segments while a partition holds more than {@code bytes}.
   *
   * @throws IllegalArgumentException if {@code bytes} is not positive
   */
  public TopicConfig withRetentionBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("retentionBytes must be positive, got " + bytes);
    }
    return new TopicConfig(partitions, cleanupPolicy, retentionMs, bytes, deleteRetentionMs,
        segmentBytes, segmentMs);
  }

  /**
   * Same config, keeping tombstones of a compacted topic for {@code delay} before compaction may
   * remove them, so that slow readers still see the deletion.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public TopicConfig withDeleteRetention(Duration delay) {
    Objects.requireNonNull(delay, "deleteRetention");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("deleteRetention must not be negative, got " + delay);
    }
    return new TopicConfig(partitions, cleanupPolicy, retentionMs, retentionBytes,
        delay.toMillis(), segmentBytes, segmentMs);
  }

  /**
   * Same config, rolling to a new segment once the active one holds {@code bytes}. Logs without
   * segments ignore it.
   *
   * @throws IllegalArgumentException if {@code bytes} is below 1 KiB
   */
  public TopicConfig withSegmentBytes(int bytes) {
    if (bytes < 1024) {
      throw new IllegalArgumentException("segmentBytes must be at least 1024, got " + bytes);
    }
    return new TopicConfig(partitions, cleanupPolicy, retentionMs, retentionBytes,
        deleteRetentionMs, bytes, segmentMs);
  }

  /**
   * Same config, rolling to a new segment once the active one is {@code age} old. Logs without
   * segments ignore it.
   *
   * @throws IllegalArgumentException if {@code age} is not positive
   */
  public TopicConfig withSegmentAge(Duration age) {
    Objects.requireNonNull(age, "segmentAge");
    if (age.isZero() || age.isNegative()) {
      throw new IllegalArgumentException("segment age must be positive, got " + age);
    }
    return new TopicConfig(partitions, cleanupPolicy, retentionMs, retentionBytes,
        deleteRetentionMs, segmentBytes, age.toMillis());
  }

  /** Number of partitions, at least 1. */
  public int partitions() {
    return partitions;
  }

  /** What happens to old records. */
  public CleanupPolicy cleanupPolicy() {
    return cleanupPolicy;
  }

  /** Time retention in milliseconds, or {@link #UNLIMITED}. */
  public long retentionMs() {
    return retentionMs;
  }

  /** Size retention per partition in bytes, or {@link #UNLIMITED}. */
  public long retentionBytes() {
    return retentionBytes;
  }

  /** How long tombstones of a compacted topic survive compaction, in milliseconds. */
  public long deleteRetentionMs() {
    return deleteRetentionMs;
  }

  /** Size at which a segmented log rolls to a new segment. */
  public int segmentBytes() {
    return segmentBytes;
  }

  /** Age in milliseconds at which a segmented log rolls to a new segment. */
  public long segmentMs() {
    return segmentMs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicConfig that
        && partitions == that.partitions
        && cleanupPolicy == that.cleanupPolicy
        && retentionMs == that.retentionMs
        && retentionBytes == that.retentionBytes
        && deleteRetentionMs == that.deleteRetentionMs
        && segmentBytes == that.segmentBytes
        && segmentMs == that.segmentMs;
  }

  @Override
  public int hashCode() {
    return Objects.hash(partitions, cleanupPolicy, retentionMs, retentionBytes, deleteRetentionMs,
        segmentBytes, segmentMs);
  }

  @Override
  public String toString() {
    return "TopicConfig{partitions=" + partitions + ", cleanupPolicy=" + cleanupPolicy
        + ", retentionMs=" + retentionMs + ", retentionBytes=" + retentionBytes
        + ", deleteRetentionMs=" + deleteRetentionMs + ", segmentBytes=" + segmentBytes
        + ", segmentMs=" + segmentMs + '}';
  }
}
