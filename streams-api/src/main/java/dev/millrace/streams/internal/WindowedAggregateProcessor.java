package dev.millrace.streams.internal;

import dev.millrace.log.Header;
import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.KeyValueStore;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.kstream.EmitStrategy;
import dev.millrace.streams.kstream.Windowed;
import dev.millrace.streams.processor.ProcessorContext;
import dev.millrace.streams.processor.Record;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What time-window and session-window aggregations share: the operator's stream time (the
 * largest timestamp it has seen, kept in a small store so that it survives restarts exactly like
 * the windows it governs), lateness, and the two emit strategies.
 *
 * <p>With {@link EmitStrategy#onWindowClose()} the aggregate forwards nothing as it changes;
 * instead an in-memory index of open windows, ordered by the stream time at which each closes, is
 * rebuilt from the window store at start and drained as stream time advances, emitting each
 * window's final value read from the store (cache included). Emission happens in the same step as
 * the advance, so at every commit no closed window is left unemitted. As in Kafka Streams, final
 * values carry the headers of the record whose arrival closed their window; updates emitted as
 * they happen carry those of the record that made them.
 */
abstract class WindowedAggregateProcessor<K, V, VA>
    extends ContextualProcessor<K, V, Windowed<K>, Change<VA>> {
  static final String STREAM_TIME_KEY = "streamTime";

  private final String storeName;
  private final String timeStoreName;
  private final EmitStrategy emit;
  protected TimestampedChangeStore<Windowed<K>, VA> store;
  private KeyValueStore<String, Long> times;
  protected long observed = -1;
  private final TreeMap<Long, LinkedHashSet<Windowed<K>>> open = new TreeMap<>();
  private long openCount;

  WindowedAggregateProcessor(String storeName, String timeStoreName, EmitStrategy emit) {
    this.storeName = storeName;
    this.timeStoreName = timeStoreName;
    this.emit = emit;
  }

  /** Stream time at which {@code window} closes; it never changes from then on. */
  abstract long closeAt(Windowed<K> window);

  /** Timestamp of the record emitting {@code window}'s final value. */
  abstract long emitTimestamp(Windowed<K> window);

  @Override
  public void init(ProcessorContext<Windowed<K>, Change<VA>> context) {
    super.init(context);
    store = TableOperators.changeStore(context, storeName);
    times = context.getStateStore(timeStoreName);
    Long t = times.get(STREAM_TIME_KEY);
    observed = t == null ? -1 : t;
    if (emit.emitsOnClose()) {
      try (KeyValueIterator<Windowed<K>, VA> it = store.all()) {
        while (it.hasNext()) {
          KeyValue<Windowed<K>, VA> kv = it.next();
          if (closeAt(kv.key()) > observed) {
            opened(kv.key());
          }
        }
      }
    } else {
      store.setChangeListener((k, n, o, ts, headers) -> {
        if (n != null || o != null) {
          context.forward(new Record<>(k, new Change<>(n, o), ts, headers));
        }
      });
    }
  }

  /** Moves stream time to {@code timestamp} if it is later. */
  final void advance(long timestamp) {
    if (timestamp > observed) {
      observed = timestamp;
      times.put(STREAM_TIME_KEY, timestamp);
    }
  }

  final void late(Record<K, V> r, String what) {
    skip("late record dropped: timestamp " + r.timestamp() + " is " + what
        + " at stream time " + observed + " (store '" + storeName + "')");
  }

  /** Notes that {@code window} holds a value (on-close mode: it waits to be emitted). */
  final void opened(Windowed<K> window) {
    if (emit.emitsOnClose()
        && open.computeIfAbsent(closeAt(window), x -> new LinkedHashSet<>()).add(window)) {
      openCount++;
    }
  }

  /** Notes that {@code window} was merged away. */
  final void removed(Windowed<K> window) {
    if (emit.emitsOnClose()) {
      long at = closeAt(window);
      LinkedHashSet<Windowed<K>> set = open.get(at);
      if (set != null && set.remove(window)) {
        openCount--;
        if (set.isEmpty()) {
          open.remove(at);
        }
      }
    }
  }

  /**
   * On-close mode: emits every window closed at the current stream time, then applies the bound.
   *
   * @param headers of the record being processed, which the emitted final values carry
   */
  final void emitClosed(List<Header> headers) {
    if (!emit.emitsOnClose()) {
      return;
    }
    while (!open.isEmpty() && open.firstKey() <= observed) {
      emitEntry(open.pollFirstEntry(), headers);
    }
    if (openCount > emit.maxOpenWindows()) {
      if (emit.whenFull() == EmitStrategy.WhenFull.FAIL) {
        throw new IllegalStateException("store '" + storeName + "' has " + openCount
            + " open windows waiting for their final result, more than the "
            + emit.maxOpenWindows() + " its emit strategy allows; raise the bound, or use"
            + " EmitStrategy.onWindowClose(n, WhenFull.EMIT_EARLY)");
      }
      while (openCount > emit.maxOpenWindows()) {
        Map.Entry<Long, LinkedHashSet<Windowed<K>>> first = open.firstEntry();
        Iterator<Windowed<K>> it = first.getValue().iterator();
        Windowed<K> w = it.next();
        it.remove();
        openCount--;
        if (first.getValue().isEmpty()) {
          open.remove(first.getKey());
        }
        forwardFinal(w, headers);
      }
    }
  }

  private void emitEntry(Map.Entry<Long, LinkedHashSet<Windowed<K>>> e, List<Header> headers) {
    openCount -= e.getValue().size();
    for (Windowed<K> w : e.getValue()) {
      forwardFinal(w, headers);
    }
  }

  private void forwardFinal(Windowed<K> w, List<Header> headers) {
    VA v = store.get(w);
    if (v != null) {
      context().forward(new Record<>(w, new Change<>(v, null), emitTimestamp(w), headers));
    }
  }
}
