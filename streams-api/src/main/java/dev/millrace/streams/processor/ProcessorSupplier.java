package dev.millrace.streams.processor;

/**
 * Makes a new {@link Processor} per task. Must return a new instance on every call.
 */
@FunctionalInterface
public interface ProcessorSupplier<KIn, VIn, KOut, VOut> {
  Processor<KIn, VIn, KOut, VOut> get();
}
