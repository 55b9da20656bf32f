package dev.millrace.streams.internal;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.kstream.EmitStrategy;
import dev.millrace.streams.kstream.SlidingWindows;
import dev.millrace.streams.kstream.Windowed;
import dev.millrace.streams.processor.ProcessorContext;
import dev.millrace.streams.processor.Record;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sliding-window aggregation. Besides the windows it keeps the on-time records themselves (per
 * key and timestamp, for the time difference plus grace), because a window that starts to exist
 * (the left window of a record arriving out of order, or the right window of a record that just
 * got a successor) must be computed from the records inside it. Windows that already exist and
 * contain the new record are folded incrementally.
 *
 * <p>The windows a record at {@code t} touches are exactly: the left windows of records in
 * {@code [t, t + diff]} and the right windows of records in {@code [t - diff - 1, t - 1]} (all
 * contain {@code t}), plus its own right window {@code [t + 1, t + 1 + diff]} if a record follows
 * within it.
 */
final class SlidingWindowAggregate<K, V, VA> extends WindowedAggregateProcessor<K, V, VA> {
  private final String recordsStoreName;
  private final SlidingWindows windows;
  private final AggregateOperators.Fold<K, V, VA> fold;
  private TimestampedChangeStore<Windowed<K>, List<V>> records;

  SlidingWindowAggregate(String storeName, String timeStoreName, String recordsStoreName,
      EmitStrategy emit, SlidingWindows windows, AggregateOperators.Fold<K, V, VA> fold) {
    super(storeName, timeStoreName, emit);
    this.recordsStoreName = recordsStoreName;
    this.windows = windows;
    this.fold = fold;
  }

  @Override
  public void init(ProcessorContext<Windowed<K>, Change<VA>> context) {
    super.init(context);
    records = TableOperators.changeStore(context, recordsStoreName);
  }

  @Override
  long closeAt(Windowed<K> window) {
    return window.endMs() + windows.graceMs() + 1;
  }

  @Override
  long emitTimestamp(Windowed<K> window) {
    return window.endMs();
  }

  @Override
  public void process(Record<K, V> r) {
    if (r.key() == null || r.value() == null) {
      skip("sliding-window aggregation input with a null "
          + (r.key() == null ? "key" : "value"));
      return;
    }
    long t = r.timestamp();
    advance(t);
    if (t + windows.graceMs() < observed) {
      late(r, "more than the grace period (" + windows.graceMs() + " ms) behind");
      return;
    }
    K key = r.key();
    long diff = windows.timeDifferenceMs();
    Windowed<K> own = new Windowed<>(key, t, t + 1);
    List<V> atT = records.get(own);
    List<V> updated = atT == null ? new ArrayList<>(1) : new ArrayList<>(atT);
    updated.add(r.value());
    records.put(own, updated, t);

    TreeMap<Long, List<V>> near = new TreeMap<>();
    try (KeyValueIterator<Windowed<K>, List<V>> it = records.range(
        new Windowed<>(key, t - diff - 1, t - diff), new Windowed<>(key, t + 1 + diff,
            t + 2 + diff))) {
      while (it.hasNext()) {
        KeyValue<Windowed<K>, List<V>> kv = it.next();
        near.put(kv.key().startMs(), kv.value());
      }
    }
    TreeSet<Long> containing = new TreeSet<>();
    for (long ts : near.keySet()) {
      if (ts >= t && ts <= t + diff) {
        containing.add(ts - diff);
      } else if (ts < t && ts >= t - diff - 1) {
        containing.add(ts + 1);
      }
    }
    for (long start : containing) {
      Windowed<K> w = new Windowed<>(key, start, start + diff);
      VA agg = store.get(w);
      store.put(w, agg != null ? fold.apply(key, r.value(), agg) : aggregate(key, near, start),
          t, r.headers());
      opened(w);
    }
    if (!near.subMap(t + 1, true, t + 1 + diff, true).isEmpty()) {
      Windowed<K> right = new Windowed<>(key, t + 1, t + 1 + diff);
      if (store.get(right) == null) {
        store.put(right, aggregate(key, near, t + 1), t, r.headers());
        opened(right);
      }
    }
    emitClosed(r.headers());
  }

  /** The fold of the records in {@code [start, start + diff]}, in timestamp order. */
  private VA aggregate(K key, TreeMap<Long, List<V>> near, long start) {
    VA agg = null;
    for (Map.Entry<Long, List<V>> e : near.subMap(start, true,
        start + windows.timeDifferenceMs(), true).entrySet()) {
      for (V v : e.getValue()) {
        agg = fold.apply(key, v, agg);
      }
    }
    return agg;
  }
}
