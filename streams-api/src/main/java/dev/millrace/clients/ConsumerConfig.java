package dev.millrace.clients;

import dev.millrace.log.IsolationLevel;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Consumer} reads and commits. Immutable; build one with {@link #builder()}.
 *
 * <p>Settings mean what the Kafka consumer settings of the same name mean, with Kafka's defaults:
 * <ul>
 *   <li>{@code group.id} ({@link Builder#groupId}, default none): the group whose committed
 *       offsets the consumer starts from and commits to. Without one, the consumer cannot commit;
 *   <li>{@code auto.offset.reset} ({@link Builder#autoOffsetReset}, default
 *       {@link AutoOffsetReset#LATEST});
 *   <li>{@code isolation.level} ({@link Builder#isolationLevel}, default
 *       {@link IsolationLevel#READ_UNCOMMITTED});
 *   <li>{@code max.poll.records} ({@link Builder#maxPollRecords}, default 500);
 *   <li>{@code max.partition.fetch.bytes} ({@link Builder#maxPartitionFetchBytes}, default 1 MiB):
 *       most bytes read from one partition per poll (at least one record is always returned);
 *   <li>{@code enable.auto.commit} ({@link Builder#enableAutoCommit}, default true when there is a
 *       group id): commit the positions of what earlier polls returned, at the start of a poll
 *       once {@code auto.commit.interval.ms} has passed, and on close;
 *   <li>{@code auto.commit.interval.ms} ({@link Builder#autoCommitInterval}, default 5 s);
 *   <li>{@code client.id} ({@link Builder#clientId}, default {@code "consumer"}).
 * </ul>
 */
public final class ConsumerConfig {
  private final String groupId;
  private final AutoOffsetReset autoOffsetReset;
  private final IsolationLevel isolationLevel;
  private final int maxPollRecords;
  private final int maxPartitionFetchBytes;
  private final boolean enableAutoCommit;
  private final Duration autoCommitInterval;
  private final String clientId;

  private ConsumerConfig(Builder b, boolean enableAutoCommit) {
    this.groupId = b.groupId;
    this.autoOffsetReset = b.autoOffsetReset;
    this.isolationLevel = b.isolationLevel;
    this.maxPollRecords = b.maxPollRecords;
    this.maxPartitionFetchBytes = b.maxPartitionFetchBytes;
    this.enableAutoCommit = enableAutoCommit;
    this.autoCommitInterval = b.autoCommitInterval;
    this.clientId = b.clientId;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The group id, if the consumer belongs to a group. */
  public Optional<String> groupId() {
    return Optional.ofNullable(groupId);
  }

  public AutoOffsetReset autoOffsetReset() {
    return autoOffsetReset;
  }

  public IsolationLevel isolationLevel() {
    return isolationLevel;
  }

  public int maxPollRecords() {
    return maxPollRecords;
  }

  public int maxPartitionFetchBytes() {
    return maxPartitionFetchBytes;
  }

  /** Whether positions are committed automatically; never true without a group id. */
  public boolean enableAutoCommit() {
    return enableAutoCommit;
  }

  public Duration autoCommitInterval() {
    return autoCommitInterval;
  }

  public String clientId() {
    return clientId;
  }

  @Override
  public String toString() {
    return "ConsumerConfig{group.id=" + groupId + ", auto.offset.reset=" + autoOffsetReset
        + ", isolation.level=" + isolationLevel + ", max.poll.records=" + maxPollRecords
        + ", max.partition.fetch.bytes=" + maxPartitionFetchBytes + ", enable.auto.commit="
        + enableAutoCommit + ", auto.commit.interval.ms=" + autoCommitInterval.toMillis()
        + ", client.id=" + clientId + '}';
  }

  /** Collects settings; {@link #build()} checks how they combine. Not thread-safe. */
  public static final class Builder {
    private String groupId;
    private AutoOffsetReset autoOffsetReset = AutoOffsetReset.LATEST;
    private IsolationLevel isolationLevel = IsolationLevel.READ_UNCOMMITTED;
    private int maxPollRecords = 500;
    private int maxPartitionFetchBytes = 1024 * 1024;
    private Boolean enableAutoCommit;
    private Duration autoCommitInterval = Duration.ofSeconds(5);
    private String clientId = "consumer";

    private Builder() {}

    /**
     * Kafka's {@code group.id}; null for none.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder groupId(String groupId) {
      if (groupId != null && groupId.isBlank()) {
        throw new IllegalArgumentException(
            "group.id must not be blank; use null for a consumer without group");
      }
      this.groupId = groupId;
      return this;
    }

    public Builder autoOffsetReset(AutoOffsetReset reset) {
      this.autoOffsetReset = Objects.requireNonNull(reset, "autoOffsetReset");
      return this;
    }

    public Builder isolationLevel(IsolationLevel isolation) {
      this.isolationLevel = Objects.requireNonNull(isolation, "isolationLevel");
      return this;
    }

    /**
     * Kafka's {@code max.poll.records}.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxPollRecords(int records) {
      if (records < 1) {
        throw new IllegalArgumentException("max.poll.records must be >= 1, got " + records);
      }
      this.maxPollRecords = records;
      return this;
    }

    /**
     * Kafka's {@code max.partition.fetch.bytes}.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxPartitionFetchBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException(
            "max.partition.fetch.bytes must be >= 1, got " + bytes);
      }
      this.maxPartitionFetchBytes = bytes;
      return this;
    }

    /** Kafka's {@code enable.auto.commit}; true needs a group id. */
    public Builder enableAutoCommit(boolean enable) {
      this.enableAutoCommit = enable;
      return this;
    }

    /**
     * Kafka's {@code auto.commit.interval.ms}; zero commits at every poll.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder autoCommitInterval(Duration interval) {
      Objects.requireNonNull(interval, "autoCommitInterval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException(
            "auto.commit.interval.ms must be >= 0, got " + interval.toMillis());
      }
      this.autoCommitInterval = interval;
      return this;
    }

    /**
     * Kafka's {@code client.id}.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder clientId(String clientId) {
      Objects.requireNonNull(clientId, "clientId");
      if (clientId.isBlank()) {
        throw new IllegalArgumentException("client.id must not be blank");
      }
      this.clientId = clientId;
      return this;
    }

    /**
     * @throws IllegalArgumentException if auto commit was explicitly enabled without a group id
     */
    public ConsumerConfig build() {
      if (Boolean.TRUE.equals(enableAutoCommit) && groupId == null) {
        throw new IllegalArgumentException(
            "enable.auto.commit=true needs a group.id: set groupId, or disable auto commit");
      }
      boolean autoCommit = groupId != null && !Boolean.FALSE.equals(enableAutoCommit);
      return new ConsumerConfig(this, autoCommit);
    }
  }
}
