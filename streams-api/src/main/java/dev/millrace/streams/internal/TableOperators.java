package dev.millrace.streams.internal;

import dev.millrace.streams.KeyValue;
import dev.millrace.streams.kstream.KeyValueMapper;
import dev.millrace.streams.kstream.Predicate;
import dev.millrace.streams.kstream.ValueMapper;
import dev.millrace.streams.processor.ProcessorContext;
import dev.millrace.streams.processor.ProcessorSupplier;
import dev.millrace.streams.processor.Record;
import java.util.Objects;

/** The operators of {@code KTable}, working on {@link Change}s. */
final class TableOperators {
  private TableOperators() {}

  /**
   * Materializes a stream of upserts (null value = delete) into a store, forwarding each change
   * when the store reports it (at once, or at cache flush).
   */
  static <K, V> ProcessorSupplier<K, V, K, Change<V>> source(String storeName) {
    return () -> new ContextualProcessor<>() {
      private TimestampedChangeStore<K, V> store;

      @Override
      public void init(ProcessorContext<K, Change<V>> context) {
        super.init(context);
        store = changeStore(context, storeName);
        store.setChangeListener((k, n, o, ts, headers) -> {
          // deleting a key that was never there changes nothing downstream
          if (n != null || o != null) {
            context.forward(new Record<>(k, new Change<>(n, o), ts, headers));
          }
        });
      }

      @Override
      public void process(Record<K, V> r) {
        if (r.key() == null) {
          skip("table update with a null key");
          return;
        }
        store.put(r.key(), r.value(), r.timestamp(), r.headers());
      }
    };
  }

  /**
   * Materializes a stream of table changes into a store; downstream sees the changes as the store
   * reports them (collapsed by its cache).
   */
  static <K, V> ProcessorSupplier<K, Change<V>, K, Change<V>> materialize(String storeName) {
    return () -> new ContextualProcessor<>() {
      private TimestampedChangeStore<K, V> store;

      @Override
      public void init(ProcessorContext<K, Change<V>> context) {
        super.init(context);
        store = changeStore(context, storeName);
        store.setChangeListener((k, n, o, ts, headers) -> {
          if (n != null || o != null) {
            context.forward(new Record<>(k, new Change<>(n, o), ts, headers));
          }
        });
      }

      @Override
      public void process(Record<K, Change<V>> r) {
        store.put(r.key(), r.value().newValue(), r.timestamp(), r.headers());
      }
    };
  }

  static <K, V> ProcessorSupplier<K, Change<V>, K, Change<V>> filter(
      Predicate<? super K, ? super V> predicate, boolean keepMatching) {
    return () -> new ContextualProcessor<>() {
      @Override
      public void process(Record<K, Change<V>> r) {
        Change<V> c = r.value();
        V n = c.newValue() != null && predicate.test(r.key(), c.newValue()) == keepMatching
            ? c.newValue() : null;
        V o = c.oldValue() != null && predicate.test(r.key(), c.oldValue()) == keepMatching
            ? c.oldValue() : null;
        if (n != null || o != null) {
          context().forward(r.withValue(new Change<>(n, o)));
        }
      }
    };
  }

  static <K, V, VR> ProcessorSupplier<K, Change<V>, K, Change<VR>> mapValues(
      ValueMapper<? super V, ? extends VR> mapper) {
    return () -> new ContextualProcessor<>() {
      @Override
      public void process(Record<K, Change<V>> r) {
        Change<V> c = r.value();
        VR n = c.newValue() == null ? null : mapper.apply(c.newValue());
        VR o = c.oldValue() == null ? null : mapper.apply(c.oldValue());
        context().forward(r.withValue(new Change<>(n, o)));
      }
    };
  }

  static <K, V> ProcessorSupplier<K, Change<V>, K, V> toStream() {
    return () -> new ContextualProcessor<>() {
      @Override
      public void process(Record<K, Change<V>> r) {
        context().forward(r.withValue(r.value().newValue()));
      }
    };
  }

  /**
   * Re-keys table updates for {@code KTable.groupBy}: the old row is retracted from its old group
   * before the new row is added to its new group; both in one change when the group is the same.
   */
  static <K, V, KR, VR> ProcessorSupplier<K, Change<V>, KR, Change<VR>> groupByMap(
      KeyValueMapper<? super K, ? super V, KeyValue<KR, VR>> selector) {
    return () -> new ContextualProcessor<>() {
      @Override
      public void process(Record<K, Change<V>> r) {
        Change<V> c = r.value();
        KeyValue<KR, VR> oldKv = c.oldValue() == null ? null : select(r.key(), c.oldValue());
        KeyValue<KR, VR> newKv = c.newValue() == null ? null : select(r.key(), c.newValue());
        if (oldKv != null && newKv != null && Objects.equals(oldKv.key(), newKv.key())) {
          forward(r, newKv.key(), new Change<>(newKv.value(), oldKv.value()));
          return;
        }
        if (oldKv != null) {
          forward(r, oldKv.key(), new Change<>(null, oldKv.value()));
        }
        if (newKv != null) {
          forward(r, newKv.key(), new Change<>(newKv.value(), null));
        }
      }

      private KeyValue<KR, VR> select(K key, V value) {
        KeyValue<KR, VR> kv = selector.apply(key, value);
        if (kv == null) {
          throw new NullPointerException("KTable.groupBy selector returned null for key " + key);
        }
        return kv;
      }

      private void forward(Record<K, Change<V>> r, KR key, Change<VR> change) {
        if (key == null) {
          skip("KTable.groupBy selected a null key");
          return;
        }
        context().forward(new Record<>(key, change, r.timestamp(), r.headers()));
      }
    };
  }

  @SuppressWarnings("unchecked")
  static <K, V> TimestampedChangeStore<K, V> changeStore(ProcessorContext<?, ?> context,
      String storeName) {
    Object store = context.getStateStore(storeName);
    if (!(store instanceof TimestampedChangeStore<?, ?>)) {
      throw new IllegalStateException("store '" + storeName + "' is a "
          + store.getClass().getName() + ", not a runtime store supporting change tracking");
    }
    return (TimestampedChangeStore<K, V>) store;
  }
}
