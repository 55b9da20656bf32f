package dev.millrace.streams.internal;

import dev.millrace.log.Header;
import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.KeyValueStore;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.kstream.Suppressed;
import dev.millrace.streams.processor.ProcessorContext;
import dev.millrace.streams.processor.PunctuationType;
import dev.millrace.streams.processor.Record;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link Suppressed#untilTimeLimit}: the latest update per key waits in a store until stream time
 * reaches its deadline. Deadlines never move once set, so an in-memory index by deadline (rebuilt
 * from the store at start) finds what is due without scanning the store.
 *
 * <p>An emitted update carries the headers of the last record that updated its key, as in Kafka
 * Streams. They are held in memory only, never in the buffer store (whose format stays as it is):
 * updates still held when the task restarts are emitted without headers.
 */
final class SuppressProcessor<K, V> extends ContextualProcessor<K, Change<V>, K, Change<V>> {
  private final String storeName;
  private final Suppressed suppressed;
  private KeyValueStore<K, SuppressBufferSerde.Held<V>> buffer;
  private final TreeMap<Long, LinkedHashSet<K>> due = new TreeMap<>();
  private long held;
  /** Headers of each held key's last update; keys whose last update had none are absent. */
  private final Map<K, List<Header>> headers = new HashMap<>();

  SuppressProcessor(String storeName, Suppressed suppressed) {
    this.storeName = storeName;
    this.suppressed = suppressed;
  }

  @Override
  public void init(ProcessorContext<K, Change<V>> context) {
    super.init(context);
    buffer = context.getStateStore(storeName);
    try (KeyValueIterator<K, SuppressBufferSerde.Held<V>> it = buffer.all()) {
      while (it.hasNext()) {
        KeyValue<K, SuppressBufferSerde.Held<V>> kv = it.next();
        index(kv.key(), kv.value().deadline());
      }
    }
    // stream time can advance through other records of the task: emit what falls due then too
    long interval = Math.max(1, suppressed.timeLimit().toMillis());
    context.schedule(Duration.ofMillis(interval), PunctuationType.STREAM_TIME, now -> emitDue());
  }

  private void index(K key, long deadline) {
    if (due.computeIfAbsent(deadline, d -> new LinkedHashSet<>()).add(key)) {
      held++;
    }
  }

  @Override
  public void process(Record<K, Change<V>> r) {
    if (r.key() == null) {
      skip("suppression input with a null key");
      return;
    }
    if (r.headers().isEmpty()) {
      if (!headers.isEmpty()) {
        headers.remove(r.key());
      }
    } else {
      headers.put(r.key(), r.headers());
    }
    SuppressBufferSerde.Held<V> h = buffer.get(r.key());
    if (h == null) {
      long deadline = r.timestamp() + suppressed.timeLimit().toMillis();
      if (held >= suppressed.buffer().maxRecords()) {
        if (suppressed.buffer().failsWhenFull()) {
          throw new IllegalStateException("suppression buffer '" + storeName + "' is full: it"
              + " holds " + held + " keys, its limit (BufferConfig.maxRecords); raise the limit"
              + " or use emitEarlyWhenFull()");
        }
        emitFirst();
      }
      buffer.put(r.key(), new SuppressBufferSerde.Held<>(deadline, r.value()));
      index(r.key(), deadline);
    } else {
      buffer.put(r.key(), new SuppressBufferSerde.Held<>(h.deadline(),
          new Change<>(r.value().newValue(), h.change().oldValue())));
    }
    emitDue();
  }

  private void emitDue() {
    long now = context().currentStreamTimeMs();
    while (!due.isEmpty() && due.firstKey() <= now) {
      Map.Entry<Long, LinkedHashSet<K>> e = due.pollFirstEntry();
      held -= e.getValue().size();
      for (K k : e.getValue()) {
        emit(k, e.getKey());
      }
    }
  }

  private void emitFirst() {
    Map.Entry<Long, LinkedHashSet<K>> first = due.firstEntry();
    Iterator<K> it = first.getValue().iterator();
    K k = it.next();
    it.remove();
    held--;
    if (first.getValue().isEmpty()) {
      due.remove(first.getKey());
    }
    emit(k, first.getKey());
  }

  private void emit(K key, long deadline) {
    SuppressBufferSerde.Held<V> h = buffer.delete(key);
    List<Header> hs = headers.isEmpty() ? null : headers.remove(key);
    if (h != null) {
      Change<V> c = h.change();
      if (c.newValue() != null || c.oldValue() != null) {
        context().forward(new Record<>(key, c, deadline, hs == null ? List.of() : hs));
      }
    }
  }
}
