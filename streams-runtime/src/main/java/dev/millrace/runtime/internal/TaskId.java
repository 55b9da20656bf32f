package dev.millrace.runtime.internal;

/** A sub-topology bound to one partition number of its inputs; printed {@code 1_3}. */
public record TaskId(int subTopology, int partition) implements Comparable<TaskId> {
  @Override
  public int compareTo(TaskId o) {
    int c = Integer.compare(subTopology, o.subTopology);
    return c != 0 ? c : Integer.compare(partition, o.partition);
  }

  @Override
  public String toString() {
    return subTopology + "_" + partition;
  }
}
