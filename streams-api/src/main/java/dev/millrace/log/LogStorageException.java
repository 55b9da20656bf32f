package dev.millrace.log;

/** The storage beneath the log failed (I/O error, full disk, corrupt data). The failed operation had no effect on what was acknowledged before it; the message names the file or partition. */
public class LogStorageException extends LogException {
  public LogStorageException(String message) {
    super(message);
  }

  public LogStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
