package dev.millrace.streams.kstream;

import java.time.Duration;
import java.util.Objects;

/**
 * Holds back a table's updates: {@link #untilTimeLimit} emits a key's latest value once stream
 * time has passed the time of its first held-back update plus the limit, so a burst of updates to
 * one key goes downstream as one. Example, limit 10: {@code a=1@0, a=2@4, b=7@6, c=1@11} → at
 * stream time 11, {@code a=2} goes downstream (held since 0); {@code b} waits until 16.
 *
 * <p>Held-back updates live in a changelogged store, so they survive restarts. The {@link
 * BufferConfig} bounds how many keys are held: when a new key would exceed it, either the updates
 * held longest are emitted early ({@link BufferConfig#emitEarlyWhenFull()}, the default) or the
 * task fails with an error naming the store ({@link BufferConfig#failWhenFull()}). For final
 * results of windowed aggregations use {@link EmitStrategy#onWindowClose()}.
 *
 * <p>An emitted update carries the headers of the last update of its key. Headers are held in
 * memory only: updates still held back when the task restarts are emitted without them.
 */
public final class Suppressed {
  private final Duration timeLimit;
  private final BufferConfig buffer;
  private final String name;

  private Suppressed(Duration timeLimit, BufferConfig buffer, String name) {
    this.timeLimit = timeLimit;
    this.buffer = buffer;
    this.name = name;
  }

  /** Holds each key's updates for {@code limit} of stream time after its first held update. */
  public static Suppressed untilTimeLimit(Duration limit, BufferConfig buffer) {
    Objects.requireNonNull(limit, "limit");
    if (limit.isNegative()) {
      throw new IllegalArgumentException("time limit must not be negative, got " + limit);
    }
    return new Suppressed(limit, Objects.requireNonNull(buffer, "buffer"), null);
  }

  /** Names the buffer's store (and so its changelog topic). */
  public Suppressed withName(String storeName) {
    return new Suppressed(timeLimit, buffer, Named.as(storeName).name());
  }

  public Duration timeLimit() {
    return timeLimit;
  }

  public BufferConfig buffer() {
    return buffer;
  }

  /** The store name, or null for a generated one. */
  public String name() {
    return name;
  }

  /** How many keys a suppression may hold back, and what happens beyond that. */
  public static final class BufferConfig {
    private final long maxRecords;
    private final boolean failWhenFull;

    private BufferConfig(long maxRecords, boolean failWhenFull) {
      this.maxRecords = maxRecords;
      this.failWhenFull = failWhenFull;
    }

    public static BufferConfig unbounded() {
      return new BufferConfig(Long.MAX_VALUE, false);
    }

    /** At most {@code maxRecords} keys held per task; {@code > 0}. */
    public static BufferConfig maxRecords(long maxRecords) {
      if (maxRecords <= 0) {
        throw new IllegalArgumentException("maxRecords must be > 0, got " + maxRecords);
      }
      return new BufferConfig(maxRecords, false);
    }

    public BufferConfig emitEarlyWhenFull() {
      return new BufferConfig(maxRecords, false);
    }

    public BufferConfig failWhenFull() {
      return new BufferConfig(maxRecords, true);
    }

    public long maxRecords() {
      return maxRecords;
    }

    public boolean failsWhenFull() {
      return failWhenFull;
    }
  }
}
