package dev.millrace.streams.internal;

import dev.millrace.streams.kstream.Aggregator;
import dev.millrace.streams.kstream.Initializer;
import dev.millrace.streams.kstream.Reducer;
import dev.millrace.streams.processor.ProcessorContext;
import dev.millrace.streams.processor.ProcessorSupplier;
import dev.millrace.streams.processor.Record;

/** Aggregations of grouped streams and grouped tables, keeping their result in a store. */
final class AggregateOperators {
  private AggregateOperators() {}

  /** One step of a fold: the new aggregate from the old one (null for a new key). */
  @FunctionalInterface
  interface Fold<K, V, VA> {
    VA apply(K key, V value, VA aggregateOrNull);
  }

  static <K, V, VA> Fold<K, V, VA> aggregating(Initializer<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator) {
    return (k, v, agg) -> aggregator.apply(k, v, agg == null ? initializer.apply() : agg);
  }

  static <K, V> Fold<K, V, V> reducing(Reducer<V> reducer) {
    return (k, v, agg) -> agg == null ? v : reducer.apply(agg, v);
  }

  /** For {@code KGroupedStream}: folds each record with a non-null key and value. */
  static <K, V, VA> ProcessorSupplier<K, V, K, Change<VA>> streamAggregate(String storeName,
      Fold<K, V, VA> fold) {
    return () -> new ContextualProcessor<>() {
      private TimestampedChangeStore<K, VA> store;

      @Override
      public void init(ProcessorContext<K, Change<VA>> context) {
        super.init(context);
        store = TableOperators.changeStore(context, storeName);
        store.setChangeListener((k, n, o, ts, headers) ->
            context.forward(new Record<>(k, new Change<>(n, o), ts, headers)));
      }

      @Override
      public void process(Record<K, V> r) {
        if (r.key() == null || r.value() == null) {
          skip("aggregation input with a null " + (r.key() == null ? "key" : "value"));
          return;
        }
        store.put(r.key(), fold.apply(r.key(), r.value(), store.get(r.key())), r.timestamp(),
            r.headers());
      }
    };
  }

  /**
   * For {@code KGroupedTable}: subtracts the old value, then adds the new one. {@code subtract}
   * receives the current aggregate (never null when a row is retracted from an existing group).
   */
  static <K, V, VA> ProcessorSupplier<K, Change<V>, K, Change<VA>> tableAggregate(
      String storeName, Fold<K, V, VA> add, Fold<K, V, VA> subtract) {
    return () -> new ContextualProcessor<>() {
      private TimestampedChangeStore<K, VA> store;

      @Override
      public void init(ProcessorContext<K, Change<VA>> context) {
        super.init(context);
        store = TableOperators.changeStore(context, storeName);
        store.setChangeListener((k, n, o, ts, headers) ->
            context.forward(new Record<>(k, new Change<>(n, o), ts, headers)));
      }

      @Override
      public void process(Record<K, Change<V>> r) {
        if (r.key() == null) {
          skip("table aggregation input with a null key");
          return;
        }
        Change<V> c = r.value();
        VA agg = store.get(r.key());
        if (c.oldValue() != null) {
          agg = subtract.apply(r.key(), c.oldValue(), agg);
        }
        if (c.newValue() != null) {
          agg = add.apply(r.key(), c.newValue(), agg);
        }
        store.put(r.key(), agg, r.timestamp(), r.headers());
      }
    };
  }
}
