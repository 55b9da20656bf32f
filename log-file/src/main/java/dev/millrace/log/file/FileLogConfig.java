package dev.millrace.log.file;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link FileLog}: when data is forced to disk, how densely segments are indexed, and
 * how often the background cleaner applies retention and compaction. Immutable; start from
 * {@link #defaults()}.
 *
 * <h2>Durability</h2>
 * By default every {@link dev.millrace.log.TransactionalWriter#commitTransaction() transaction
 * commit} and every {@link dev.millrace.log.Log#commitOffsets group offset commit} fsyncs before
 * returning, and {@link dev.millrace.log.Log#flush()} always does. Plain appends are written to the
 * page cache and become durable at the next fsync, which can be triggered per append
 * ({@link #withSyncEveryAppend}), per number of unsynced bytes ({@link #withSyncEveryBytes}) or per
 * elapsed time ({@link #withSyncInterval}). Whatever the policy, a crash never exposes a torn or
 * corrupt record: recovery truncates the unsynced tail.
 *
 * <p>Full segments are forced to disk by a background thread of the log, never by the appending
 * thread; an fsync by any policy first waits for the segments still queued there, so what it
 * acknowledges is always a durable prefix of the partition. After a crash, recovery scans the
 * segments that thread had not reached yet as well as the last one.
 */
public final class FileLogConfig {
  /** Value of {@link #syncEveryBytes()} meaning "no byte-count policy". */
  public static final long NEVER = -1L;

  private final boolean syncOnCommit;
  private final boolean syncEveryAppend;
  private final long syncEveryBytes;
  private final Duration syncInterval;
  private final int indexIntervalBytes;
  private final Duration cleanerInterval;
  private final Clock clock;

  private FileLogConfig(boolean syncOnCommit, boolean syncEveryAppend, long syncEveryBytes,
      Duration syncInterval, int indexIntervalBytes, Duration cleanerInterval, Clock clock) {
    this.syncOnCommit = syncOnCommit;
    this.syncEveryAppend = syncEveryAppend;
    this.syncEveryBytes = syncEveryBytes;
    this.syncInterval = syncInterval;
    this.indexIntervalBytes = indexIntervalBytes;
    this.cleanerInterval = cleanerInterval;
    this.clock = clock;
  }

  /**
   * fsync on every transaction commit and group offset commit, no periodic fsync, an index entry
   * every 4 KiB, retention and compaction checked every 30 seconds, the system UTC clock.
   */
  public static FileLogConfig defaults() {
    return new FileLogConfig(true, false, NEVER, Duration.ZERO, 4096, Duration.ofSeconds(30),
        Clock.systemUTC());
  }

  /** Whether transaction commits and group offset commits fsync before returning. */
  public FileLogConfig withSyncOnCommit(boolean sync) {
    return new FileLogConfig(sync, syncEveryAppend, syncEveryBytes, syncInterval,
        indexIntervalBytes, cleanerInterval, clock);
  }

  /** Whether every plain append fsyncs its partition before returning. */
  public FileLogConfig withSyncEveryAppend(boolean sync) {
    return new FileLogConfig(syncOnCommit, sync, syncEveryBytes, syncInterval,
        indexIntervalBytes, cleanerInterval, clock);
  }

  /**
   * fsync a partition as soon as it holds at least {@code bytes} unsynced bytes, or never for
   * {@link #NEVER}.
   *
   * @throws IllegalArgumentException if {@code bytes} is neither positive nor {@link #NEVER}
   */
  public FileLogConfig withSyncEveryBytes(long bytes) {
    if (bytes <= 0 && bytes != NEVER) {
      throw new IllegalArgumentException("syncEveryBytes must be positive or NEVER, got " + bytes);
    }
    return new FileLogConfig(syncOnCommit, syncEveryAppend, bytes, syncInterval,
        indexIntervalBytes, cleanerInterval, clock);
  }

  /**
   * fsync every partition with unsynced data this often, from a background thread;
   * {@link Duration#ZERO} disables it.
   *
   * @throws IllegalArgumentException if {@code interval} is negative
   */
  public FileLogConfig withSyncInterval(Duration interval) {
    Objects.requireNonNull(interval, "syncInterval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("syncInterval must not be negative, got " + interval);
    }
    return new FileLogConfig(syncOnCommit, syncEveryAppend, syncEveryBytes, interval,
        indexIntervalBytes, cleanerInterval, clock);
  }

  /**
   * Bytes of segment data between two entries of the sparse offset and time indexes: smaller
   * means faster seeks and larger indexes.
   *
   * @throws IllegalArgumentException if {@code bytes} is below 64
   */
  public FileLogConfig withIndexIntervalBytes(int bytes) {
    if (bytes < 64) {
      throw new IllegalArgumentException("indexIntervalBytes must be at least 64, got " + bytes);
    }
    return new FileLogConfig(syncOnCommit, syncEveryAppend, syncEveryBytes, syncInterval, bytes,
        cleanerInterval, clock);
  }

  /**
   * How often the background cleaner deletes segments past retention and compacts
   * {@code compact} topics; {@link Duration#ZERO} disables the background cleaner.
   *
   * @throws IllegalArgumentException if {@code interval} is negative
   */
  public FileLogConfig withCleanerInterval(Duration interval) {
    Objects.requireNonNull(interval, "cleanerInterval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("cleanerInterval must not be negative, got " + interval);
    }
    return new FileLogConfig(syncOnCommit, syncEveryAppend, syncEveryBytes, syncInterval,
        indexIntervalBytes, interval, clock);
  }

  /** The clock used for segment age, time retention and tombstone expiry. */
  public FileLogConfig withClock(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return new FileLogConfig(syncOnCommit, syncEveryAppend, syncEveryBytes, syncInterval,
        indexIntervalBytes, cleanerInterval, clock);
  }

  public boolean syncOnCommit() {
    return syncOnCommit;
  }

  public boolean syncEveryAppend() {
    return syncEveryAppend;
  }

  /** Unsynced bytes per partition that trigger an fsync, or {@link #NEVER}. */
  public long syncEveryBytes() {
    return syncEveryBytes;
  }

  /** Period of the background fsync, or zero for none. */
  public Duration syncInterval() {
    return syncInterval;
  }

  public int indexIntervalBytes() {
    return indexIntervalBytes;
  }

  /** Period of the background cleaner, or zero for none. */
  public Duration cleanerInterval() {
    return cleanerInterval;
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "FileLogConfig{syncOnCommit=" + syncOnCommit + ", syncEveryAppend=" + syncEveryAppend
        + ", syncEveryBytes=" + syncEveryBytes + ", syncInterval=" + syncInterval
        + ", indexIntervalBytes=" + indexIntervalBytes + ", cleanerInterval=" + cleanerInterval
        + '}';
  }
}
