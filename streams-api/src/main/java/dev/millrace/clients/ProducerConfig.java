package dev.millrace.clients;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Producer} batches and whether it is transactional. Immutable; build one with
 * {@link #builder()}, or take {@link #defaults()}.
 *
 * <p>Settings mean what the Kafka producer settings of the same name mean:
 * <ul>
 *   <li>{@code batch.size} ({@link Builder#batchSizeBytes}, default 16384): a partition's buffered
 *       records are appended as soon as their {@link dev.millrace.log.LogRecord#sizeInBytes()
 *       size} reaches this;
 *   <li>{@code linger.ms} ({@link Builder#linger}, default 5 ms as in Kafka 4): how long a record
 *       may wait in a batch that is not full. Zero means every {@code send} appends at once, in
 *       the calling thread;
 *   <li>{@code transactional.id} ({@link Builder#transactionalId}, default none): makes the
 *       producer transactional;
 *   <li>{@code partitioner.class} ({@link Builder#partitioner}, default Kafka's behaviour);
 *   <li>{@code client.id} ({@link Builder#clientId}, default {@code "producer"}): names the
 *       producer in thread names and log messages.
 * </ul>
 */
public final class ProducerConfig {
  /** Largest {@code batch.size} accepted: 64 MiB. */
  public static final int MAX_BATCH_SIZE_BYTES = 64 * 1024 * 1024;
  /** Longest {@code linger.ms} accepted: one minute. */
  public static final Duration MAX_LINGER = Duration.ofMinutes(1);

  private static final ProducerConfig DEFAULTS = builder().build();

  private final int batchSizeBytes;
  private final Duration linger;
  private final String transactionalId;
  private final Partitioner partitioner;
  private final String clientId;

  private ProducerConfig(Builder b) {
    this.batchSizeBytes = b.batchSizeBytes;
    this.linger = b.linger;
    this.transactionalId = b.transactionalId;
    this.partitioner = b.partitioner;
    this.clientId = b.clientId;
  }

  /** A non-transactional producer with Kafka's default batching. */
  public static ProducerConfig defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.batchSizeBytes = batchSizeBytes;
    b.linger = linger;
    b.transactionalId = transactionalId;
    b.partitioner = partitioner;
    b.clientId = clientId;
    return b;
  }

  public int batchSizeBytes() {
    return batchSizeBytes;
  }

  public Duration linger() {
    return linger;
  }

  /** The transactional id, if the producer is transactional. */
  public Optional<String> transactionalId() {
    return Optional.ofNullable(transactionalId);
  }

  /** The custom partitioner, if one was set. */
  public Optional<Partitioner> partitioner() {
    return Optional.ofNullable(partitioner);
  }

  public String clientId() {
    return clientId;
  }

  @Override
  public String toString() {
    return "ProducerConfig{batch.size=" + batchSizeBytes + ", linger.ms=" + linger.toMillis()
        + ", transactional.id=" + transactionalId + ", partitioner="
        + (partitioner == null ? "default" : partitioner.getClass().getName())
        + ", client.id=" + clientId + '}';
  }

  /** Collects settings; {@link #build()} checks them. Not thread-safe. */
  public static final class Builder {
    private int batchSizeBytes = 16 * 1024;
    private Duration linger = Duration.ofMillis(5);
    private String transactionalId;
    private Partitioner partitioner;
    private String clientId = "producer";

    private Builder() {}

    /**
     * Kafka's {@code batch.size}.
     *
     * @throws IllegalArgumentException unless in {@code 1..MAX_BATCH_SIZE_BYTES}
     */
    public Builder batchSizeBytes(int bytes) {
      if (bytes < 1 || bytes > MAX_BATCH_SIZE_BYTES) {
        throw new IllegalArgumentException("batch.size must be in 1.." + MAX_BATCH_SIZE_BYTES
            + " bytes, got " + bytes);
      }
      this.batchSizeBytes = bytes;
      return this;
    }

    /**
     * Kafka's {@code linger.ms}; zero appends every record as it is sent.
     *
     * @throws IllegalArgumentException if negative or longer than {@link #MAX_LINGER}
     */
    public Builder linger(Duration linger) {
      Objects.requireNonNull(linger, "linger");
      if (linger.isNegative() || linger.compareTo(MAX_LINGER) > 0) {
        throw new IllegalArgumentException(
            "linger.ms must be in 0.." + MAX_LINGER.toMillis() + ", got " + linger.toMillis());
      }
      this.linger = linger;
      return this;
    }

    /**
     * Kafka's {@code transactional.id}: makes the producer transactional; null makes it not.
     *
     * @throws IllegalArgumentException if empty or blank
     */
    public Builder transactionalId(String transactionalId) {
      if (transactionalId != null && transactionalId.isBlank()) {
        throw new IllegalArgumentException(
            "transactional.id must not be blank; use null for a non-transactional producer");
      }
      this.transactionalId = transactionalId;
      return this;
    }

    /** A custom partitioner, or null for the default. */
    public Builder partitioner(Partitioner partitioner) {
      this.partitioner = partitioner;
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

    public ProducerConfig build() {
      return new ProducerConfig(this);
    }
  }
}
