package dev.millrace.streams;

/**
 * A topology cannot be built or run as described: a duplicate node or store name, a processor
 * connected to a store that does not exist, a missing serde, topics that must be co-partitioned but
 * are not. The message names the nodes, stores or topics at fault.
 */
public class TopologyException extends RuntimeException {
  public TopologyException(String message) {
    super(message);
  }

  public TopologyException(String message, Throwable cause) {
    super(message, cause);
  }
}
