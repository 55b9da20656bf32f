package dev.millrace.runtime.internal;

import dev.millrace.serialization.Deserializer;
import dev.millrace.streams.processor.Record;

/** Where a task's input partition enters the topology: deserializers and the children. */
final class SourceNode {
  final String name;
  final Deserializer<Object> keyDeserializer;
  final Deserializer<Object> valueDeserializer;
  RuntimeNode[] children = new RuntimeNode[0];

  SourceNode(String name, Deserializer<Object> keyDeserializer,
      Deserializer<Object> valueDeserializer) {
    this.name = name;
    this.keyDeserializer = keyDeserializer;
    this.valueDeserializer = valueDeserializer;
  }

  void forward(Record<Object, Object> record) {
    for (RuntimeNode child : children) {
      child.process(record);
    }
  }
}
