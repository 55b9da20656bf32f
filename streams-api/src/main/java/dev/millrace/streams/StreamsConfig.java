package dev.millrace.streams;

import dev.millrace.log.TopicNames;
import dev.millrace.serialization.Serde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Typed, validated settings of a running application. Immutable; made with
 * {@link #builder(String)}:
 *
 * <pre>{@code
 * StreamsConfig config = StreamsConfig.builder("payroll")
 *     .numStreamThreads(2)
 *     .commitInterval(Duration.ofMillis(500))
 *     .defaultKeySerde(Serdes.String())
 *     .build();
 * }</pre>
 *
 * There is no bootstrap address: the runtime is handed its {@link dev.millrace.log.Log}.
 * Every setter validates its argument at once and names the setting in its exception.
 */
public final class StreamsConfig {
  /** Default {@link #commitInterval()} at least once: 30 seconds, as in Kafka Streams. */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(30);
  /**
   * Default {@link #commitInterval()} exactly once: 100 ms, as in Kafka Streams, since
   * {@code read_committed} readers downstream (repartition topics too) see results only at commit.
   */
  public static final Duration DEFAULT_EXACTLY_ONCE_COMMIT_INTERVAL = Duration.ofMillis(100);
  /** Default {@link #cacheMaxBytes()}: 10 MiB across all threads. */
  public static final long DEFAULT_CACHE_MAX_BYTES = 10L * 1024 * 1024;
  /** Default {@link #maxPollRecords()}. */
  public static final int DEFAULT_MAX_POLL_RECORDS = 2000;

  private final String applicationId;
  private final ProcessingGuarantee processingGuarantee;
  private final Duration commitInterval;
  private final int numStreamThreads;
  private final long cacheMaxBytes;
  private final Path stateDir;
  private final Serde<?> defaultKeySerde;
  private final Serde<?> defaultValueSerde;
  private final ErrorHandler deserializationErrorHandler;
  private final ErrorHandler processingErrorHandler;
  private final ErrorHandler productionErrorHandler;
  private final int maxPollRecords;
  private final Duration maxTaskIdle;
  private final Map<String, Object> storeEngineSettings;

  private StreamsConfig(Builder b) {
    this.applicationId = b.applicationId;
    this.processingGuarantee = b.processingGuarantee;
    this.commitInterval = b.commitInterval != null ? b.commitInterval
        : b.processingGuarantee == ProcessingGuarantee.EXACTLY_ONCE
            ? DEFAULT_EXACTLY_ONCE_COMMIT_INTERVAL : DEFAULT_COMMIT_INTERVAL;
    this.numStreamThreads = b.numStreamThreads;
    this.cacheMaxBytes = b.cacheMaxBytes;
    this.stateDir = b.stateDir;
    this.defaultKeySerde = b.defaultKeySerde;
    this.defaultValueSerde = b.defaultValueSerde;
    this.deserializationErrorHandler = b.deserializationErrorHandler;
    this.processingErrorHandler = b.processingErrorHandler;
    this.productionErrorHandler = b.productionErrorHandler;
    this.maxPollRecords = b.maxPollRecords;
    this.maxTaskIdle = b.maxTaskIdle;
    this.storeEngineSettings = Map.copyOf(b.storeEngineSettings);
  }

  /**
   * Starts a configuration. The application id names the consumer group, prefixes internal topics
   * and separates state directories, so it follows the topic name rules.
   *
   * @throws IllegalArgumentException if {@code applicationId} is not a valid topic name
   */
  public static Builder builder(String applicationId) {
    return new Builder(applicationId);
  }

  public String applicationId() {
    return applicationId;
  }

  public ProcessingGuarantee processingGuarantee() {
    return processingGuarantee;
  }

  /**
   * How often each stream thread commits its tasks; by default 30 s at least once and 100 ms
   * exactly once.
   */
  public Duration commitInterval() {
    return commitInterval;
  }

  public int numStreamThreads() {
    return numStreamThreads;
  }

  /** Total bytes of the record caches of all stores, split evenly among them; 0 disables them. */
  public long cacheMaxBytes() {
    return cacheMaxBytes;
  }

  /** Where persistent stores keep their files: {@code <stateDir>/<applicationId>/<task>/<store>}. */
  public Path stateDir() {
    return stateDir;
  }

  /** Key serde for places the topology gives none, or null. */
  public Serde<?> defaultKeySerde() {
    return defaultKeySerde;
  }

  /** Value serde for places the topology gives none, or null. */
  public Serde<?> defaultValueSerde() {
    return defaultValueSerde;
  }

  /** For input records whose key or value cannot be deserialized, or whose timestamp is negative. */
  public ErrorHandler deserializationErrorHandler() {
    return deserializationErrorHandler;
  }

  /** For records on which a processor (DSL or custom) throws. */
  public ErrorHandler processingErrorHandler() {
    return processingErrorHandler;
  }

  /** For output records that cannot be serialized or whose topic does not exist. */
  public ErrorHandler productionErrorHandler() {
    return productionErrorHandler;
  }

  /** Most records read from one partition in one read. */
  public int maxPollRecords() {
    return maxPollRecords;
  }

  /**
   * How long a task reading several partitions waits for data on an empty one before it goes on
   * with the others (which may then process records out of timestamp order); 0 (the default)
   * never waits.
   */
  public Duration maxTaskIdle() {
    return maxTaskIdle;
  }

  /** Settings handed to store engine providers, e.g. {@code rocksdb.total.memory.bytes}. */
  public Map<String, Object> storeEngineSettings() {
    return storeEngineSettings;
  }

  /** A builder holding these settings, to derive a modified configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(applicationId);
    b.processingGuarantee = processingGuarantee;
    b.commitInterval = commitInterval;
    b.numStreamThreads = numStreamThreads;
    b.cacheMaxBytes = cacheMaxBytes;
    b.stateDir = stateDir;
    b.defaultKeySerde = defaultKeySerde;
    b.defaultValueSerde = defaultValueSerde;
    b.deserializationErrorHandler = deserializationErrorHandler;
    b.processingErrorHandler = processingErrorHandler;
    b.productionErrorHandler = productionErrorHandler;
    b.maxPollRecords = maxPollRecords;
    b.maxTaskIdle = maxTaskIdle;
    b.storeEngineSettings.putAll(storeEngineSettings);
    return b;
  }

  @Override
  public String toString() {
    return "StreamsConfig{applicationId=" + applicationId + ", processingGuarantee="
        + processingGuarantee + ", commitInterval=" + commitInterval + ", numStreamThreads="
        + numStreamThreads + ", cacheMaxBytes=" + cacheMaxBytes + ", stateDir=" + stateDir
        + ", deserializationErrorHandler=" + deserializationErrorHandler
        + ", processingErrorHandler=" + processingErrorHandler + ", productionErrorHandler="
        + productionErrorHandler + ", maxPollRecords=" + maxPollRecords + ", maxTaskIdle="
        + maxTaskIdle + '}';
  }

  /** Collects settings; {@link #build()} makes the immutable config. */
  public static final class Builder {
    private final String applicationId;
    private ProcessingGuarantee processingGuarantee = ProcessingGuarantee.EXACTLY_ONCE;
    private Duration commitInterval;
    private int numStreamThreads = 1;
    private long cacheMaxBytes = DEFAULT_CACHE_MAX_BYTES;
    private Path stateDir = Path.of(System.getProperty("java.io.tmpdir"), "millrace-state");
    private Serde<?> defaultKeySerde;
    private Serde<?> defaultValueSerde;
    private ErrorHandler deserializationErrorHandler = ErrorHandler.fail();
    private ErrorHandler processingErrorHandler = ErrorHandler.fail();
    private ErrorHandler productionErrorHandler = ErrorHandler.fail();
    private int maxPollRecords = DEFAULT_MAX_POLL_RECORDS;
    private Duration maxTaskIdle = Duration.ZERO;
    private final Map<String, Object> storeEngineSettings = new LinkedHashMap<>();

    private Builder(String applicationId) {
      if (applicationId == null) {
        throw new NullPointerException("applicationId must not be null");
      }
      try {
        TopicNames.validate(applicationId);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("applicationId '" + applicationId
            + "' is invalid: it prefixes internal topic names, so " + e.getMessage(), e);
      }
      this.applicationId = applicationId;
    }

    /**
     * Exactly-once (the default) or at-least-once. Exactly-once runs each task's commit as one log
     * transaction (output, changelog and offsets together) and reads with {@code read_committed};
     * at-least-once skips the transaction, so a crash may repeat output but never loses any.
     */
    public Builder processingGuarantee(ProcessingGuarantee guarantee) {
      this.processingGuarantee = Objects.requireNonNull(guarantee, "processingGuarantee");
      return this;
    }

    /** @throws IllegalArgumentException if not at least 1 ms */
    public Builder commitInterval(Duration interval) {
      Objects.requireNonNull(interval, "commitInterval");
      if (interval.toMillis() < 1) {
        throw new IllegalArgumentException("commitInterval must be at least 1 ms, got " + interval);
      }
      this.commitInterval = interval;
      return this;
    }

    /** @throws IllegalArgumentException if not in 1..256 */
    public Builder numStreamThreads(int threads) {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("numStreamThreads must be in 1..256, got " + threads);
      }
      this.numStreamThreads = threads;
      return this;
    }

    /** @throws IllegalArgumentException if negative */
    public Builder cacheMaxBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("cacheMaxBytes must be >= 0 (0 disables caching), got "
            + bytes);
      }
      this.cacheMaxBytes = bytes;
      return this;
    }

    public Builder stateDir(Path dir) {
      this.stateDir = Objects.requireNonNull(dir, "stateDir");
      return this;
    }

    public Builder defaultKeySerde(Serde<?> serde) {
      this.defaultKeySerde = Objects.requireNonNull(serde, "defaultKeySerde");
      return this;
    }

    public Builder defaultValueSerde(Serde<?> serde) {
      this.defaultValueSerde = Objects.requireNonNull(serde, "defaultValueSerde");
      return this;
    }

    public Builder deserializationErrorHandler(ErrorHandler handler) {
      this.deserializationErrorHandler =
          Objects.requireNonNull(handler, "deserializationErrorHandler");
      return this;
    }

    public Builder processingErrorHandler(ErrorHandler handler) {
      this.processingErrorHandler = Objects.requireNonNull(handler, "processingErrorHandler");
      return this;
    }

    public Builder productionErrorHandler(ErrorHandler handler) {
      this.productionErrorHandler = Objects.requireNonNull(handler, "productionErrorHandler");
      return this;
    }

    /**
     * See {@link StreamsConfig#maxTaskIdle()}.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxTaskIdle(Duration idle) {
      Objects.requireNonNull(idle, "maxTaskIdle");
      if (idle.isNegative()) {
        throw new IllegalArgumentException("maxTaskIdle must not be negative, got " + idle);
      }
      this.maxTaskIdle = idle;
      return this;
    }

    /** @throws IllegalArgumentException if not in 1..1_000_000 */
    public Builder maxPollRecords(int records) {
      if (records < 1 || records > 1_000_000) {
        throw new IllegalArgumentException("maxPollRecords must be in 1..1000000, got " + records);
      }
      this.maxPollRecords = records;
      return this;
    }

    /** A setting passed to store engine providers; a null value removes it. */
    public Builder storeEngineSetting(String key, Object value) {
      Objects.requireNonNull(key, "storeEngineSetting key");
      if (value == null) {
        storeEngineSettings.remove(key);
      } else {
        storeEngineSettings.put(key, value);
      }
      return this;
    }

    /** The immutable configuration. */
    public StreamsConfig build() {
      return new StreamsConfig(this);
    }
  }
}
