package dev.millrace.streams;

import dev.millrace.log.TopicNames;
import java.util.Objects;

/**
 * What the runtime does with a record it cannot handle (undecodable bytes, a negative timestamp,
 * a processor that throws, an output that cannot be serialized or has no topic): fail the stream
 * thread, log and skip the record, or log it, copy the original bytes to a dead-letter topic and
 * skip it. Skipped records are counted in the metrics; nothing is dropped silently. Every message
 * names the topic, partition and offset of the input record concerned.
 */
public final class ErrorHandler {
  /** The three possible reactions. */
  public enum Action {
    /** Stop the stream thread with an exception; the application goes to {@code ERROR}. */
    FAIL,
    /** Log a warning with the record's position and skip it. */
    LOG_AND_CONTINUE,
    /**
     * Log, append the input record (original key/value bytes and timestamp, plus headers
     * {@code millrace.error.*} naming the source topic, partition, offset and the exception) to
     * the dead-letter topic, and skip it.
     */
    DEAD_LETTER
  }

  private static final ErrorHandler FAIL = new ErrorHandler(Action.FAIL, null);
  private static final ErrorHandler LOG = new ErrorHandler(Action.LOG_AND_CONTINUE, null);

  private final Action action;
  private final String deadLetterTopic;

  private ErrorHandler(Action action, String deadLetterTopic) {
    this.action = action;
    this.deadLetterTopic = deadLetterTopic;
  }

  public static ErrorHandler fail() {
    return FAIL;
  }

  public static ErrorHandler logAndContinue() {
    return LOG;
  }

  /**
   * Sends bad records to {@code topic}, which the runtime creates (1 partition) if missing.
   *
   * @throws IllegalArgumentException if the topic name is invalid
   */
  public static ErrorHandler deadLetter(String topic) {
    return new ErrorHandler(Action.DEAD_LETTER, TopicNames.validate(topic));
  }

  public Action action() {
    return action;
  }

  /** The dead-letter topic, or null unless the action is {@link Action#DEAD_LETTER}. */
  public String deadLetterTopic() {
    return deadLetterTopic;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ErrorHandler that && action == that.action
        && Objects.equals(deadLetterTopic, that.deadLetterTopic);
  }

  @Override
  public int hashCode() {
    return Objects.hash(action, deadLetterTopic);
  }

  @Override
  public String toString() {
    return action == Action.DEAD_LETTER ? "DEAD_LETTER(" + deadLetterTopic + ")" : action.name();
  }
}
