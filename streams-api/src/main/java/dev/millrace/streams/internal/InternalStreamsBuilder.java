package dev.millrace.streams.internal;

import dev.millrace.log.TopicNames;
import dev.millrace.serialization.Serde;
import dev.millrace.streams.Topology;
import dev.millrace.streams.TopologyException;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Named;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph behind {@link dev.millrace.streams.StreamsBuilder}: nodes in creation order, stores,
 * and the source topics already claimed. Node names are generated Kafka-style
 * ({@code KSTREAM-FILTER-0000000003}) unless {@link Named}.
 */
public final class InternalStreamsBuilder {
  private final Map<String, NodeDef> nodes = new LinkedHashMap<>();
  private final Map<String, StoreDef> stores = new LinkedHashMap<>();
  private final Set<String> sourceTopics = new HashSet<>();
  private int index;

  public <K, V> KStream<K, V> stream(List<String> topics, Consumed<K, V> consumed) {
    String name = consumed.name() != null ? consumed.name() : newName("KSTREAM-SOURCE-");
    addSource(name, topics, consumed);
    return new KStreamImpl<>(this, name, consumed.keySerde(), consumed.valueSerde(), false);
  }

  public <K, V> KTable<K, V> table(String topic, Consumed<K, V> consumed,
      Materialized<K, V> materialized) {
    String source = consumed.name() != null ? consumed.name() : newName("KTABLE-SOURCE-");
    // serdes given on either side serve both: the topic and the store hold the same data
    Consumed<K, V> reading = consumed
        .withKeySerde(consumed.keySerde() != null ? consumed.keySerde() : materialized.keySerde())
        .withValueSerde(consumed.valueSerde() != null ? consumed.valueSerde()
            : materialized.valueSerde());
    addSource(source, List.of(topic), reading);
    StoreDef store = materialize(materialized, "KTABLE-SOURCE-STATE-STORE-",
        reading.keySerde(), reading.valueSerde());
    String node = newName("KTABLE-MATERIALIZE-");
    addNode(new ProcessorDef(node, List.of(source), TableOperators.source(store.name()),
        List.of(store.name())));
    return new KTableImpl<>(this, node, store.name(), store.keySerde(), store.valueSerde());
  }

  public void addStateStore(Materialized<?, ?> materialized) {
    if (materialized.storeName() == null) {
      throw new TopologyException("a state store added with addStateStore needs a name:"
          + " use Materialized.as(\"name\")");
    }
    materialize(materialized, null, null, null);
  }

  public Topology build() {
    for (NodeDef n : nodes.values()) {
      if (n instanceof ProcessorDef p) {
        for (String s : p.stores()) {
          if (!stores.containsKey(s)) {
            throw new TopologyException("processor '" + p.name() + "' uses store '" + s
                + "', which does not exist; add it with StreamsBuilder.addStateStore"
                + " (known stores: " + stores.keySet() + ")");
          }
        }
      }
    }
    return new InternalTopology(nodes, stores);
  }

  private void addSource(String name, List<String> topics, Consumed<?, ?> consumed) {
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("a source needs at least one topic");
    }
    Set<String> claimed = new HashSet<>(sourceTopics);
    for (String t : topics) {
      TopicNames.validate(t);
      if (!claimed.add(t)) {
        throw new TopologyException("topic '" + t + "' is already a source of this topology;"
            + " read it once and reuse the stream");
      }
    }
    sourceTopics.addAll(topics);
    addNode(new SourceDef(name, topics, false, consumed.keySerde(), consumed.valueSerde(), false,
        consumed.timestampExtractor()));
  }

  String newName(String prefix) {
    return prefix + String.format("%010d", index++);
  }

  String nameOr(Named named, String prefix) {
    return named != null ? named.name() : newName(prefix);
  }

  void addNode(NodeDef node) {
    if (nodes.containsKey(node.name())) {
      throw new TopologyException("a node named '" + node.name()
          + "' already exists in this topology; node names must be unique");
    }
    nodes.put(node.name(), node);
  }

  /**
   * Adds a store for {@code materialized}, naming it with {@code generatedPrefix} if it has no
   * name, and inheriting serdes it does not set.
   */
  StoreDef materialize(Materialized<?, ?> materialized, String generatedPrefix,
      Serde<?> inheritedKeySerde, Serde<?> inheritedValueSerde) {
    String name = materialized.storeName() != null ? materialized.storeName()
        : newName(generatedPrefix);
    if (stores.containsKey(name)) {
      throw new TopologyException("a store named '" + name
          + "' already exists in this topology; store names must be unique");
    }
    StoreDef def = new StoreDef(name,
        materialized.keySerde() != null ? materialized.keySerde() : inheritedKeySerde,
        materialized.valueSerde() != null ? materialized.valueSerde() : inheritedValueSerde,
        materialized.cachingEnabled(), materialized.loggingEnabled(), materialized.storeType());
    stores.put(name, def);
    return def;
  }

  /** Adds a store built by the DSL itself (window, session, or an operator's own bookkeeping). */
  void addStore(StoreDef def) {
    if (stores.containsKey(def.name())) {
      throw new TopologyException("a store named '" + def.name()
          + "' already exists in this topology; store names must be unique");
    }
    stores.put(def.name(), def);
  }

  /**
   * Routes the output of {@code parent} through the internal topic {@code <baseName>-repartition}
   * and returns the name of the source node reading it back.
   */
  String repartition(String parent, String baseName, Serde<?> keySerde, Serde<?> valueSerde,
      boolean changeValues, int partitions) {
    String topic = baseName + "-repartition";
    String sink = baseName + "-repartition-sink";
    String source = baseName + "-repartition-source";
    addNode(new SinkDef(sink, List.of(parent), topic, null, true, keySerde, valueSerde,
        changeValues, partitions));
    addNode(new SourceDef(source, List.of(topic), true, keySerde, valueSerde, changeValues));
    return source;
  }
}
