package dev.millrace.log.memory.internal;

import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;

/** A topic's config and its partitions; a recreated topic of the same name is a new instance. */
final class MemoryTopic {
  private final String name;
  private final TopicConfig config;
  private final PartitionLog[] partitions;

  MemoryTopic(String name, TopicConfig config) {
    this.name = name;
    this.config = config;
    this.partitions = new PartitionLog[config.partitions()];
    for (int p = 0; p < partitions.length; p++) {
      partitions[p] = new PartitionLog(new TopicPartition(name, p));
    }
  }

  String name() {
    return name;
  }

  TopicConfig config() {
    return config;
  }

  int partitionCount() {
    return partitions.length;
  }

  PartitionLog partition(int p) {
    return partitions[p];
  }

  void markDeleted() {
    for (PartitionLog p : partitions) {
      p.markDeleted();
    }
  }

  void wakeAll() {
    for (PartitionLog p : partitions) {
      p.wakeWaiters();
    }
  }
}
