package dev.millrace.streams.internal;

import dev.millrace.streams.kstream.EmitStrategy;
import dev.millrace.streams.kstream.TimeWindows;
import dev.millrace.streams.kstream.Windowed;
import dev.millrace.streams.processor.Record;

/** Folds each record into every tumbling or hopping window that contains it and is still open. */
final class TimeWindowAggregate<K, V, VA> extends WindowedAggregateProcessor<K, V, VA> {
  private final TimeWindows windows;
  private final AggregateOperators.Fold<K, V, VA> fold;

  TimeWindowAggregate(String storeName, String timeStoreName, EmitStrategy emit,
      TimeWindows windows, AggregateOperators.Fold<K, V, VA> fold) {
    super(storeName, timeStoreName, emit);
    this.windows = windows;
    this.fold = fold;
  }

  @Override
  long closeAt(Windowed<K> window) {
    return window.endMs() + windows.graceMs();
  }

  @Override
  long emitTimestamp(Windowed<K> window) {
    return window.endMs() - 1;
  }

  @Override
  public void process(Record<K, V> r) {
    if (r.key() == null || r.value() == null) {
      skip("windowed aggregation input with a null " + (r.key() == null ? "key" : "value"));
      return;
    }
    long t = r.timestamp();
    advance(t);
    long size = windows.sizeMs();
    long grace = windows.graceMs();
    boolean late = false;
    for (long s = windows.latestStartFor(t); s > t - size && s >= 0; s -= windows.advanceMs()) {
      if (s + size + grace <= observed) {
        late = true;
        continue;
      }
      Windowed<K> w = new Windowed<>(r.key(), s, s + size);
      store.put(w, fold.apply(r.key(), r.value(), store.get(w)), t, r.headers());
      opened(w);
    }
    if (late) {
      late(r, "after the end plus grace (" + grace + " ms) of some of its windows of " + windows);
    }
    emitClosed(r.headers());
  }
}
