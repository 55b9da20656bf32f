package dev.millrace.runtime.internal;

import dev.millrace.serialization.Deserializer;
import dev.millrace.streams.processor.Record;
import dev.millrace.streams.processor.TimestampExtractor;

/** Where a task's input partition enters the topology: deserializers and the children. */
final class SourceNode {
  final String name;
  final Deserializer<Object> keyDeserializer;
  final Deserializer<Object> valueDeserializer;
  /** Null: record timestamps come from the log. */
  final TimestampExtractor<Object, Object> timestampExtractor;
  RuntimeNode[] children = new RuntimeNode[0];

  SourceNode(String name, Deserializer<Object> keyDeserializer,
      Deserializer<Object> valueDeserializer) {
    this(name, keyDeserializer, valueDeserializer, null);
  }

  SourceNode(String name, Deserializer<Object> keyDeserializer,
      Deserializer<Object> valueDeserializer,
      TimestampExtractor<Object, Object> timestampExtractor) {
    this.name = name;
    this.keyDeserializer = keyDeserializer;
    this.valueDeserializer = valueDeserializer;
    this.timestampExtractor = timestampExtractor;
  }

  void forward(Record<Object, Object> record) {
    for (RuntimeNode child : children) {
      child.process(record);
    }
  }
}
