package dev.millrace.streams.internal;

import dev.millrace.streams.processor.Processor;
import dev.millrace.streams.processor.ProcessorContext;

/** A processor that keeps its context, base of the DSL's operators. */
public abstract class ContextualProcessor<KIn, VIn, KOut, VOut>
    implements Processor<KIn, VIn, KOut, VOut> {
  private ProcessorContext<KOut, VOut> context;

  @Override
  public void init(ProcessorContext<KOut, VOut> context) {
    this.context = context;
  }

  protected final ProcessorContext<KOut, VOut> context() {
    return context;
  }

  /** Counts the current record as skipped, if the runtime supports it. */
  protected final void skip(String reason) {
    if (context instanceof InternalProcessorContext<?, ?> internal) {
      internal.recordSkipped(reason);
    }
  }
}
