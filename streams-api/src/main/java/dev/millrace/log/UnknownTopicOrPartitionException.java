package dev.millrace.log;

/** The named topic does not exist, or has no partition of that number. */
public class UnknownTopicOrPartitionException extends LogException {
  public UnknownTopicOrPartitionException(String message) {
    super(message);
  }

  public UnknownTopicOrPartitionException(String message, Throwable cause) {
    super(message, cause);
  }
}
