package dev.millrace.log.file;

import dev.millrace.log.Log;
import dev.millrace.log.file.internal.FileLogEngine;
import java.nio.file.Path;

/**
 * The {@link Log} as segment files in one local directory: durable, crash-safe, the embedded
 * default. The on-disk format is described in {@code log-file/FORMAT.md}.
 *
 * <pre>{@code
 * try (FileLog log = FileLog.open(Path.of("data"), FileLogConfig.defaults())) {
 *   log.createTopic("orders", TopicConfig.partitions(4));
 *   log.append(TopicPartition.of("orders", 0), List.of(LogRecord.of(key, value, now)));
 * }
 * }</pre>
 *
 * <p>One process at a time may open a directory for writing (a lock file enforces it); any
 * number of other processes may open it {@link #openReadOnly read-only} and tail what the writer
 * appends.
 */
public interface FileLog extends Log {

  /**
   * Opens, or creates, the log in {@code directory} for reading and writing. Recovers from an
   * earlier crash first: truncates torn writes, rebuilds damaged indexes, completes or aborts the
   * transactions left open.
   *
   * @throws dev.millrace.log.LogStorageException if another process holds the directory (the
   *     message names it and the holder's pid), if the directory holds files of an unknown format
   *     version, or on an I/O error
   */
  static FileLog open(Path directory, FileLogConfig config) {
    return FileLogEngine.open(directory, config, false);
  }

  /** {@link #open(Path, FileLogConfig)} with {@link FileLogConfig#defaults()}. */
  static FileLog open(Path directory) {
    return open(directory, FileLogConfig.defaults());
  }

  /**
   * Opens an existing log for reading only, without taking the writer's lock: a writer process
   * may keep appending, and reads see what it has written as it grows. Every write throws
   * {@link dev.millrace.log.ReadOnlyLogException}.
   *
   * @throws dev.millrace.log.LogStorageException if the directory holds no log or an unknown
   *     format version
   */
  static FileLog openReadOnly(Path directory) {
    return FileLogEngine.open(directory, FileLogConfig.defaults(), true);
  }

  /** The directory this log lives in. */
  Path directory();
}
