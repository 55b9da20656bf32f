package dev.millrace.streams.internal;

import dev.millrace.serialization.Serde;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.TopologyException;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Windowed;
import dev.millrace.streams.processor.ProcessorSupplier;
import java.util.List;

/** Adds a windowed aggregation to the builder: its window or session store, time store and node. */
final class WindowedStores {
  static final long DEFAULT_MIN_RETENTION_MS = 24L * 60 * 60 * 1000;

  private WindowedStores() {}

  /** The stores of one windowed aggregation; {@code records} only for sliding windows. */
  record Names(String store, String timeStore, String records) {}

  interface ProcessorFactory<K, V, VA> {
    ProcessorSupplier<K, V, Windowed<K>, Change<VA>> create(Names names);
  }

  /**
   * @param sizeMs window size for window stores, {@link WindowedKeySerde#SESSION} for sessions
   * @param minRetentionMs size (or gap) plus grace: what the operator needs to see
   */
  static <K, V, VA> KTable<Windowed<K>, VA> aggregate(InternalStreamsBuilder builder,
      KGroupedStreamImpl<K, V> grouped, Serde<K> keySerde, Materialized<K, VA> materialized,
      Serde<?> defaultValueSerde, StoreDef.Layout layout, long sizeMs, long minRetentionMs,
      String prefix, ProcessorFactory<K, V, VA> factory) {
    return aggregate(builder, grouped, keySerde, materialized, defaultValueSerde, layout, sizeMs,
        minRetentionMs, prefix, null, factory);
  }

  /**
   * As above; a non-null {@code recordsSerde} adds a store of the input records by key and
   * timestamp, kept as long as the windows.
   */
  static <K, V, VA> KTable<Windowed<K>, VA> aggregate(InternalStreamsBuilder builder,
      KGroupedStreamImpl<K, V> grouped, Serde<K> keySerde, Materialized<K, VA> materialized,
      Serde<?> defaultValueSerde, StoreDef.Layout layout, long sizeMs, long minRetentionMs,
      String prefix, Serde<?> recordsSerde, ProcessorFactory<K, V, VA> factory) {
    String name = materialized.storeName() != null ? materialized.storeName()
        : builder.newName(prefix + "-STATE-STORE-");
    long retention;
    if (materialized.retention() != null) {
      retention = materialized.retention().toMillis();
      if (retention < minRetentionMs) {
        throw new TopologyException("retention " + materialized.retention() + " of store '" + name
            + "' is shorter than its windows need (" + minRetentionMs + " ms: size or gap plus"
            + " grace); closed windows would vanish before they can no longer change");
      }
    } else {
      retention = Math.max(minRetentionMs, DEFAULT_MIN_RETENTION_MS);
    }
    Serde<K> ks = materialized.keySerde() != null ? materialized.keySerde() : keySerde;
    Serde<?> vs = materialized.valueSerde() != null ? materialized.valueSerde()
        : defaultValueSerde;
    StoreDef store = new StoreDef(name, new WindowedKeySerde<>(ks, sizeMs), vs,
        materialized.cachingEnabled(), materialized.loggingEnabled(), materialized.storeType(),
        layout, retention);
    StoreDef time = new StoreDef(name + "-stream-time", Serdes.String(), Serdes.Long(), true,
        materialized.loggingEnabled(), materialized.storeType());
    builder.addStore(store);
    builder.addStore(time);
    List<String> stores = List.of(name, time.name());
    String recordsName = null;
    if (recordsSerde != null) {
      recordsName = name + "-records";
      builder.addStore(new StoreDef(recordsName, new WindowedKeySerde<>(ks, 1), recordsSerde,
          materialized.cachingEnabled(), materialized.loggingEnabled(), materialized.storeType(),
          StoreDef.Layout.WINDOW, retention));
      stores = List.of(name, time.name(), recordsName);
    }
    String parent = grouped.aggregationSource(name);
    String node = builder.newName(prefix + "-");
    builder.addNode(new ProcessorDef(node, List.of(parent),
        factory.create(new Names(name, time.name(), recordsName)), stores));
    return new KTableImpl<>(builder, node, name, new WindowedSerde<>(ks), vs);
  }
}
