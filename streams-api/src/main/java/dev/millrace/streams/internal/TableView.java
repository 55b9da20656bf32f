package dev.millrace.streams.internal;

import dev.millrace.streams.kstream.Predicate;
import dev.millrace.streams.kstream.ValueMapper;
import dev.millrace.streams.processor.ProcessorContext;
import java.util.List;

/**
 * How a join reads a table's row by key inside a task: from the store materializing the table, or
 * derived from an upstream table's store the same way the table derives its updates (filter,
 * mapValues, join). So a table needs no store of its own to be joined, as long as some table
 * upstream of it has one.
 *
 * <p>A table-table join reads the other side {@code asForwarded}: as it stands in the updates
 * already forwarded downstream, without the writes still held in a store's cache. Otherwise the
 * old value of a joined update would differ from the value emitted before it, and a downstream
 * aggregation would retract something it never added. A stream-table join reads the latest value.
 *
 * @param <K> the key type
 * @param <V> the row value type
 */
interface TableView<K, V> {
  /** The stores the getters read; the reading processor must be connected to them. */
  List<String> stores();

  /** A getter for one task; made in the reading processor's {@code init}. */
  Getter<K, V> getter(ProcessorContext<?, ?> context, boolean asForwarded);

  /** Reads one row; null if absent. */
  @FunctionalInterface
  interface Getter<K, V> {
    V get(K key);
  }

  /** The rows of a table materialized in the store {@code storeName}. */
  static <K, V> TableView<K, V> store(String storeName) {
    List<String> stores = List.of(storeName);
    return new TableView<>() {
      @Override
      public List<String> stores() {
        return stores;
      }

      @Override
      public Getter<K, V> getter(ProcessorContext<?, ?> context, boolean asForwarded) {
        TimestampedChangeStore<K, V> store = TableOperators.changeStore(context, storeName);
        return asForwarded ? store::getAsForwarded : store::get;
      }
    };
  }

  /** The rows of this table that {@code predicate} accepts ({@code keepMatching}) or rejects. */
  default TableView<K, V> filter(Predicate<? super K, ? super V> predicate,
      boolean keepMatching) {
    TableView<K, V> parent = this;
    return new TableView<>() {
      @Override
      public List<String> stores() {
        return parent.stores();
      }

      @Override
      public Getter<K, V> getter(ProcessorContext<?, ?> context, boolean asForwarded) {
        Getter<K, V> g = parent.getter(context, asForwarded);
        return key -> {
          V v = g.get(key);
          return v != null && predicate.test(key, v) == keepMatching ? v : null;
        };
      }
    };
  }

  /** This table's rows with {@code mapper} applied to each value. */
  default <VR> TableView<K, VR> mapValues(ValueMapper<? super V, ? extends VR> mapper) {
    TableView<K, V> parent = this;
    return new TableView<>() {
      @Override
      public List<String> stores() {
        return parent.stores();
      }

      @Override
      public Getter<K, VR> getter(ProcessorContext<?, ?> context, boolean asForwarded) {
        Getter<K, V> g = parent.getter(context, asForwarded);
        return key -> {
          V v = g.get(key);
          return v == null ? null : mapper.apply(v);
        };
      }
    };
  }
}
