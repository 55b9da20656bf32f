package dev.millrace.streams.internal;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.kstream.EmitStrategy;
import dev.millrace.streams.kstream.Merger;
import dev.millrace.streams.kstream.SessionWindows;
import dev.millrace.streams.kstream.Windowed;
import dev.millrace.streams.processor.Record;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts each on-time record into the session it extends, merging every session within the gap of
 * it: the merged sessions are deleted and one session spanning all of them is written.
 */
final class SessionWindowAggregate<K, V, VA> extends WindowedAggregateProcessor<K, V, VA> {
  private final SessionWindows windows;
  private final AggregateOperators.Fold<K, V, VA> fold;
  private final Merger<? super K, VA> merger;

  SessionWindowAggregate(String storeName, String timeStoreName, EmitStrategy emit,
      SessionWindows windows, AggregateOperators.Fold<K, V, VA> fold,
      Merger<? super K, VA> merger) {
    super(storeName, timeStoreName, emit);
    this.windows = windows;
    this.fold = fold;
    this.merger = merger;
  }

  @Override
  long closeAt(Windowed<K> window) {
    return window.endMs() + windows.inactivityGapMs() + windows.graceMs() + 1;
  }

  @Override
  long emitTimestamp(Windowed<K> window) {
    return window.endMs();
  }

  @Override
  public void process(Record<K, V> r) {
    if (r.key() == null || r.value() == null) {
      skip("session aggregation input with a null " + (r.key() == null ? "key" : "value"));
      return;
    }
    long t = r.timestamp();
    advance(t);
    long gap = windows.inactivityGapMs();
    if (t < observed - windows.graceMs()) {
      late(r, "more than the grace period (" + windows.graceMs() + " ms) behind");
      return;
    }
    K key = r.key();
    List<KeyValue<Windowed<K>, VA>> merged = new ArrayList<>();
    try (KeyValueIterator<Windowed<K>, VA> it = store.range(
        new Windowed<>(key, Long.MIN_VALUE, t - gap),
        new Windowed<>(key, Long.MAX_VALUE, Long.MAX_VALUE))) {
      while (it.hasNext()) {
        KeyValue<Windowed<K>, VA> kv = it.next();
        if (kv.key().startMs() <= t + gap) {
          merged.add(kv);
        }
      }
    }
    long start = t;
    long end = t;
    VA agg = null;
    for (KeyValue<Windowed<K>, VA> kv : merged) {
      start = Math.min(start, kv.key().startMs());
      end = Math.max(end, kv.key().endMs());
      agg = agg == null ? kv.value() : merger.apply(key, agg, kv.value());
    }
    Windowed<K> session = new Windowed<>(key, start, end);
    for (KeyValue<Windowed<K>, VA> kv : merged) {
      if (!kv.key().equals(session)) {
        store.put(kv.key(), null, t, r.headers());
        removed(kv.key());
      }
    }
    store.put(session, fold.apply(key, r.value(), agg), t, r.headers());
    opened(session);
    emitClosed(r.headers());
  }
}
