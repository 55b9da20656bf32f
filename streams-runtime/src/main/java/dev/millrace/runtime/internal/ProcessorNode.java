package dev.millrace.runtime.internal;

import dev.millrace.streams.processor.Processor;
import dev.millrace.streams.processor.Record;

/** Runs one processor instance with its own context. */
final class ProcessorNode extends RuntimeNode {
  private final Processor<Object, Object, Object, Object> processor;
  final NodeContext context;

  ProcessorNode(String name, Processor<Object, Object, Object, Object> processor,
      NodeContext context) {
    super(name);
    this.processor = processor;
    this.context = context;
  }

  @Override
  void process(Record<Object, Object> record) {
    processor.process(record);
  }

  @Override
  void init() {
    processor.init(context);
  }

  @Override
  void close() {
    processor.close();
  }
}
