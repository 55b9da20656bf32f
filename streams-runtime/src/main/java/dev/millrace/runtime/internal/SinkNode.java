package dev.millrace.runtime.internal;

import dev.millrace.clients.Partitioner;
import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicPartition;
import dev.millrace.serialization.Serializer;
import dev.millrace.streams.kstream.TopicNameExtractor;
import dev.millrace.streams.processor.Record;

/**
 * Serializes records and hands them to the thread's collector, partitioned like Kafka's default
 * partitioner: murmur2 of the key bytes, null keys round-robin.
 */
final class SinkNode extends RuntimeNode {
  private final String topic;
  private final TopicPartition[] partitions;
  private final TopicNameExtractor<Object, Object> extractor;
  private final Serializer<Object> keySerializer;
  private final Serializer<Object> valueSerializer;
  private final RecordCollector collector;
  private final StreamTask task;
  private int roundRobin;

  SinkNode(String name, String topic, int partitionCount,
      TopicNameExtractor<Object, Object> extractor, Serializer<Object> keySerializer,
      Serializer<Object> valueSerializer, RecordCollector collector, StreamTask task) {
    super(name);
    this.topic = topic;
    this.extractor = extractor;
    this.keySerializer = keySerializer;
    this.valueSerializer = valueSerializer;
    this.collector = collector;
    this.task = task;
    if (topic != null) {
      partitions = new TopicPartition[partitionCount];
      for (int i = 0; i < partitionCount; i++) {
        partitions[i] = new TopicPartition(topic, i);
      }
    } else {
      partitions = null;
    }
  }

  @Override
  void process(Record<Object, Object> record) {
    String target = topic;
    TopicPartition[] targets = partitions;
    byte[] key;
    byte[] value;
    try {
      if (target == null) {
        target = extractor.extract(record.key(), record.value());
        if (target == null) {
          throw new IllegalStateException("topic name extractor of sink '" + name
              + "' returned null");
        }
        targets = task.partitionsOf(target);
      }
      key = keySerializer.serialize(target, record.key());
      value = valueSerializer.serialize(target, record.value());
    } catch (RuntimeException e) {
      task.productionError(new IllegalStateException("sink '" + name + "' cannot write "
          + record + " to topic '" + target + "': " + e.getMessage(), e));
      return;
    }
    int p = key == null ? (roundRobin++ & Integer.MAX_VALUE) % targets.length
        : Partitioner.keyHashPartition(key, targets.length);
    collector.send(targets[p], new LogRecord(key, value, record.timestamp(), record.headers()));
  }
}
