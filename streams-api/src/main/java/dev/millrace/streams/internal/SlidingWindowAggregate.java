package dev.millrace.streams.internal;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.kstream.EmitStrategy;
import dev.millrace.streams.kstream.SlidingWindows;
import dev.millrace.streams.kstream.Windowed;
import dev.millrace.streams.processor.ProcessorContext;
import dev.millrace.streams.processor.Record;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * within it. One range read of the kept records in {@code [t - diff - 1, t + diff + 1]} tells
 * which of them exist already (see {@link #existed}), so that only existing windows are read from
 * the window store and new ones are computed from the records, without probing the store for
 * windows that cannot be there.
 */
final class SlidingWindowAggregate<K, V, VA> extends WindowedAggregateProcessor<K, V, VA> {
  private final String recordsStoreName;
  private final SlidingWindows windows;
  private final AggregateOperators.Fold<K, V, VA> fold;
  private TimestampedChangeStore<Windowed<K>, List<V>> records;

  // The kept records near the one being processed, in timestamp order, with it included; reused
  // from record to record (the processor runs on its task's thread only).
  private long[] nearTs = new long[16];
  private Object[] nearValues = new Object[16];
  private int nearCount;
  /** Index of the processed record's timestamp if it was not kept before, else -1. */
  private int added;
  private long[] starts = new long[32];

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
    readNear(key, t - diff - 1, t + diff + 1);
    List<V> kept = keep(t, r.value());
    records.put(new Windowed<>(key, t, t + 1), kept, t);

    int count = 0;
    for (int i = 0; i < nearCount; i++) {
      long ts = nearTs[i];
      if (ts >= t - diff - 1 && ts < t) {
        count = addStart(count, ts + 1);
      } else if (ts >= t && ts <= t + diff) {
        count = addStart(count, ts - diff);
      }
    }
    Arrays.sort(starts, 0, count);
    for (int i = 0; i < count; i++) {
      long start = starts[i];
      if (i > 0 && start == starts[i - 1]) {
        continue;
      }
      Windowed<K> w = new Windowed<>(key, start, start + diff);
      if (existed(start)) {
        VA agg = store.get(w);
        store.put(w, agg != null ? fold.apply(key, r.value(), agg) : aggregate(key, start), t,
            r.headers());
      } else {
        store.putNew(w, aggregate(key, start), t, r.headers());
      }
      opened(w);
    }
    if (anyBefore(t + 1, t + 1 + diff) && !existed(t + 1)) {
      Windowed<K> right = new Windowed<>(key, t + 1, t + 1 + diff);
      store.putNew(right, aggregate(key, t + 1), t, r.headers());
      opened(right);
    }
    emitClosed(r.headers());
  }

  /** Reads the kept records of {@code key} in {@code [from, to]} into the near arrays. */
  @SuppressWarnings("unchecked")
  private void readNear(K key, long from, long to) {
    nearCount = 0;
    try (KeyValueIterator<Windowed<K>, List<V>> it = records.range(
        new Windowed<>(key, from, from + 1), new Windowed<>(key, to, to + 1))) {
      while (it.hasNext()) {
        KeyValue<Windowed<K>, List<V>> kv = it.next();
        if (nearCount == nearTs.length) {
          nearTs = Arrays.copyOf(nearTs, nearCount * 2);
          nearValues = Arrays.copyOf(nearValues, nearCount * 2);
        }
        nearTs[nearCount] = kv.key().startMs();
        nearValues[nearCount] = kv.value();
        nearCount++;
      }
    }
  }

  /**
   * Adds {@code value} to the records kept at {@code t} in the near arrays, noting in {@link
   * #added} whether {@code t} is new; returns the new list of values at {@code t}.
   */
  @SuppressWarnings("unchecked")
  private List<V> keep(long t, V value) {
    int i = 0;
    while (i < nearCount && nearTs[i] < t) {
      i++;
    }
    List<V> updated;
    if (i < nearCount && nearTs[i] == t) {
      List<V> before = (List<V>) nearValues[i];
      updated = new ArrayList<>(before.size() + 1);
      updated.addAll(before);
      added = -1;
    } else {
      updated = new ArrayList<>(1);
      if (nearCount == nearTs.length) {
        nearTs = Arrays.copyOf(nearTs, nearCount * 2);
        nearValues = Arrays.copyOf(nearValues, nearCount * 2);
      }
      System.arraycopy(nearTs, i, nearTs, i + 1, nearCount - i);
      System.arraycopy(nearValues, i, nearValues, i + 1, nearCount - i);
      nearTs[i] = t;
      nearCount++;
      added = i;
    }
    updated.add(value);
    nearValues[i] = updated;
    return updated;
  }

  private int addStart(int count, long start) {
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
    }
    starts[count] = start;
    return count + 1;
  }

  /**
   * Whether the window starting at {@code start} existed before the processed record: it holds a
   * record and is the left window of one ({@code start + diff} kept) or the right window of one
   * ({@code start - 1} kept). Only asked for windows whose records lie in the near range.
   */
  private boolean existed(long start) {
    long end = start + windows.timeDifferenceMs();
    return anyBefore(start, end) && (keptBefore(end) || keptBefore(start - 1));
  }

  /** Whether a record at {@code ts} was kept before the processed one. */
  private boolean keptBefore(long ts) {
    for (int i = 0; i < nearCount; i++) {
      if (nearTs[i] == ts) {
        return i != added;
      }
    }
    return false;
  }

  /** Whether a record in {@code [from, to]} was kept before the processed one. */
  private boolean anyBefore(long from, long to) {
    for (int i = 0; i < nearCount; i++) {
      if (nearTs[i] >= from && nearTs[i] <= to && i != added) {
        return true;
      }
    }
    return false;
  }

  /** The fold of the records in {@code [start, start + diff]}, in timestamp order. */
  @SuppressWarnings("unchecked")
  private VA aggregate(K key, long start) {
    long end = start + windows.timeDifferenceMs();
    VA agg = null;
    for (int i = 0; i < nearCount; i++) {
      if (nearTs[i] >= start && nearTs[i] <= end) {
        for (V v : (List<V>) nearValues[i]) {
          agg = fold.apply(key, v, agg);
        }
      }
    }
    return agg;
  }
}
