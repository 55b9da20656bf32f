package dev.millrace.runtime.internal;

import dev.millrace.streams.processor.Record;

/** A node of a task's instantiated topology that receives typed records. */
abstract class RuntimeNode {
  final String name;

  RuntimeNode(String name) {
    this.name = name;
  }

  abstract void process(Record<Object, Object> record);

  void init() {}

  void close() {}
}
