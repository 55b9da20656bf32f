package dev.millrace.streams.processor;

import dev.millrace.state.KeyValueStore;
import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link Processor} may do beyond receiving records: forward records downstream, use its
 * stores, read the current record's origin, schedule punctuations and ask for a commit. Only for
 * use on the task's own thread.
 *
 * @param <KOut> the type of keys forwarded
 * @param <VOut> the type of values forwarded
 */
public interface ProcessorContext<KOut, VOut> {
  /** The application id of the running application. */
  String applicationId();

  /** The task, as {@code <subTopology>_<partition>}. */
  String taskId();

  /**
   * Where the record being processed was read from; empty inside punctuations and for records
   * forwarded from a cache flush.
   */
  Optional<RecordMetadata> recordMetadata();

  /**
   * A store connected to this processor (named in {@code KStream.process(supplier, names...)}).
   *
   * @throws IllegalArgumentException if no such store is connected to this processor
   */
  <K, V> KeyValueStore<K, V> getStateStore(String name);

  /** Sends a record to every downstream node. */
  <K extends KOut, V extends VOut> void forward(Record<K, V> record);

  /**
   * Sends a record to one downstream node only.
   *
   * @throws IllegalArgumentException if {@code childName} is not a downstream node of this one
   */
  <K extends KOut, V extends VOut> void forward(Record<K, V> record, String childName);

  /**
   * Calls {@code callback} every {@code interval}, measured in stream time (advanced by record
   * timestamps) or wall-clock time.
   *
   * @throws IllegalArgumentException if {@code interval} is shorter than 1 ms
   */
  Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback);

  /**
   * Asks for a commit soon, without waiting for the commit interval: at the end of the current
   * processing round (at most {@code maxPollRecords} records per task later).
   */
  void commit();

  /** The task's stream time: the largest record timestamp it has seen, or -1. */
  long currentStreamTimeMs();

  /** The wall-clock time as the runtime sees it (mockable in the test driver). */
  long currentSystemTimeMs();
}
