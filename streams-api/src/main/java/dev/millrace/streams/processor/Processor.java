package dev.millrace.streams.processor;

/**
 * A custom step of a topology, run by one task on one thread: no synchronization is needed inside.
 * A new instance is made per task by the {@link ProcessorSupplier}.
 *
 * @param <KIn> the input key type
 * @param <VIn> the input value type
 * @param <KOut> the type of keys it forwards
 * @param <VOut> the type of values it forwards
 */
public interface Processor<KIn, VIn, KOut, VOut> {
  /** Called once before the first record; keep the context to forward, reach stores, schedule. */
  default void init(ProcessorContext<KOut, VOut> context) {}

  /**
   * Handles one record. An exception goes to the application's processing error handler, with the
   * record's topic, partition and offset.
   */
  void process(Record<KIn, VIn> record);

  /** Called once when the task closes. */
  default void close() {}
}
