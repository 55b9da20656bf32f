package dev.millrace.runtime.internal;

import dev.millrace.log.CleanupPolicy;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicExistsException;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.UnknownTopicOrPartitionException;
import dev.millrace.serialization.Serde;
import dev.millrace.serialization.Serializer;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.streams.ErrorHandler;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.TopologyException;
import dev.millrace.streams.internal.ChangeSerde;
import dev.millrace.streams.internal.DeferredSerde;
import dev.millrace.streams.internal.InternalTopology;
import dev.millrace.streams.internal.NodeDef;
import dev.millrace.streams.internal.ProcessorDef;
import dev.millrace.streams.internal.SinkDef;
import dev.millrace.streams.internal.SourceDef;
import dev.millrace.streams.internal.StoreDef;
import dev.millrace.streams.internal.SubTopologyDef;
import dev.millrace.streams.kstream.TopicNameExtractor;
import dev.millrace.streams.processor.Processor;
import dev.millrace.streams.processor.TimestampExtractor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A topology compiled against a log and a configuration: resolved topic names (internal ones
 * prefixed with the application id), partition counts, the internal topics to create, the tasks,
 * and the serdes of every source, sink and store. Everything that can be checked before running is
 * checked here, with messages naming the topics, nodes or stores at fault.
 */
public final class TopologyPlan {
  private final InternalTopology topology;
  private final StreamsConfig config;
  private final Map<String, Integer> partitions = new HashMap<>();
  private final Map<String, TopicConfig> internalTopics = new LinkedHashMap<>();
  private final Map<Integer, Integer> taskCounts = new TreeMap<>();
  private final List<TaskId> tasks = new ArrayList<>();
  private final Set<Object> processorsHandedOut =
      Collections.newSetFromMap(new IdentityHashMap<>());

  private TopologyPlan(InternalTopology topology, StreamsConfig config) {
    this.topology = topology;
    this.config = config;
  }

  /**
   * Compiles a topology.
   *
   * @throws TopologyException if a source or sink topic is missing, a serde is missing, inputs
   *     of a stateful sub-topology are not co-partitioned, or an internal topic exists with the
   *     wrong partition count
   */
  public static TopologyPlan create(Topology topology, StreamsConfig config, Log log) {
    if (!(topology instanceof InternalTopology internal)) {
      throw new IllegalArgumentException("the topology must come from StreamsBuilder.build(), got "
          + topology.getClass().getName());
    }
    TopologyPlan plan = new TopologyPlan(internal, config);
    plan.resolve(log);
    plan.checkSerdes();
    return plan;
  }

  public String resolve(String topic, boolean internal) {
    return internal ? config.applicationId() + "-" + topic : topic;
  }

  public List<TaskId> tasks() {
    return tasks;
  }

  public InternalTopology topology() {
    return topology;
  }

  /** Internal topics (repartition, changelog, dead letter) with the layout they need. */
  public Map<String, TopicConfig> internalTopics() {
    return internalTopics;
  }

  private int describe(Log log, String topic, String role) {
    try {
      return log.describeTopic(topic).partitions();
    } catch (UnknownTopicOrPartitionException e) {
      throw new TopologyException(role + " topic '" + topic + "' does not exist in the log;"
          + " create it before starting the application", e);
    }
  }

  private void resolve(Log log) {
    Map<String, Integer> internalCounts = new HashMap<>();
    for (SubTopologyDef st : topology.subTopologies()) {
      for (SourceDef s : st.sources()) {
        if (!s.internal()) {
          for (String t : s.topics()) {
            partitions.put(t, describe(log, t, "source"));
          }
        }
      }
      for (SinkDef s : st.sinks()) {
        if (s.internal() && s.partitions() > 0) {
          internalCounts.put(s.topic(), s.partitions());
        } else if (!s.internal() && s.topic() != null) {
          partitions.put(s.topic(), describe(log, s.topic(), "sink"));
        }
      }
    }
    copartitionRepartitionTopics(internalCounts);
    List<SubTopologyDef> pending = new ArrayList<>(topology.subTopologies());
    while (!pending.isEmpty()) {
      boolean progress = false;
      for (SubTopologyDef st : new ArrayList<>(pending)) {
        Map<String, Integer> inputs = new LinkedHashMap<>();
        boolean known = true;
        for (SourceDef s : st.sources()) {
          for (String t : s.topics()) {
            Integer n = s.internal() ? internalCounts.get(t) : partitions.get(t);
            if (n == null) {
              known = false;
            } else {
              inputs.put(resolve(t, s.internal()), n);
            }
          }
        }
        if (!known) {
          continue;
        }
        int count = inputs.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        if (!st.stores().isEmpty() && inputs.values().stream().distinct().count() > 1) {
          throw new TopologyException("sub-topology " + st.id() + " keeps state (stores "
              + st.stores().stream().map(StoreDef::name).toList() + ") but its input topics are"
              + " not co-partitioned: " + inputs + " partitions; give them the same number of"
              + " partitions");
        }
        taskCounts.put(st.id(), count);
        for (SinkDef s : st.sinks()) {
          if (s.internal()) {
            internalCounts.putIfAbsent(s.topic(), count);
          }
        }
        pending.remove(st);
        progress = true;
      }
      if (!progress) {
        throw new TopologyException("cannot derive the partition counts of the repartition topics"
            + " feeding sub-topologies " + pending.stream().map(SubTopologyDef::id).toList());
      }
    }
    internalCounts.forEach((t, n) -> {
      partitions.put(resolve(t, true), n);
      internalTopics.put(resolve(t, true), TopicConfig.partitions(n));
    });
    for (SubTopologyDef st : topology.subTopologies()) {
      int count = taskCounts.get(st.id());
      for (StoreDef s : st.stores()) {
        if (s.logging()) {
          String t = resolve(s.changelogSuffix(), true);
          partitions.put(t, count);
          internalTopics.put(t,
              TopicConfig.partitions(count).withCleanupPolicy(CleanupPolicy.COMPACT));
        }
      }
      for (int p = 0; p < count; p++) {
        tasks.add(new TaskId(st.id(), p));
      }
    }
    for (ErrorHandler h : List.of(config.deserializationErrorHandler(),
        config.processingErrorHandler(), config.productionErrorHandler())) {
      if (h.action() == ErrorHandler.Action.DEAD_LETTER) {
        internalTopics.putIfAbsent(h.deadLetterTopic(), TopicConfig.partitions(1));
      }
    }
    for (Map.Entry<String, TopicConfig> e : internalTopics.entrySet()) {
      if (log.listTopics().contains(e.getKey())) {
        int actual = log.describeTopic(e.getKey()).partitions();
        boolean deadLetter = !partitions.containsKey(e.getKey());
        if (!deadLetter && actual != e.getValue().partitions()) {
          throw new TopologyException("internal topic '" + e.getKey() + "' exists with " + actual
              + " partitions, but the topology needs " + e.getValue().partitions()
              + "; delete it (and reset the application) or restore the input partition counts");
        }
      }
    }
  }

  /**
   * As in Kafka Streams, a repartition topic read by a stateful sub-topology that also reads
   * external topics takes their partition count (unless set explicitly), so that e.g. a stream
   * re-keyed with {@code selectKey} and then joined with a table is co-partitioned with it.
   */
  private void copartitionRepartitionTopics(Map<String, Integer> internalCounts) {
    for (SubTopologyDef st : topology.subTopologies()) {
      if (st.stores().isEmpty()) {
        continue;
      }
      int external = 0;
      for (SourceDef s : st.sources()) {
        if (!s.internal()) {
          for (String t : s.topics()) {
            external = Math.max(external, partitions.get(t));
          }
        }
      }
      if (external > 0) {
        for (SourceDef s : st.sources()) {
          if (s.internal()) {
            for (String t : s.topics()) {
              internalCounts.putIfAbsent(t, external);
            }
          }
        }
      }
    }
  }

  /** Creates the internal topics that do not exist yet. */
  public void createTopics(Log log) {
    Set<String> existing = log.listTopics();
    for (Map.Entry<String, TopicConfig> e : internalTopics.entrySet()) {
      if (!existing.contains(e.getKey())) {
        try {
          log.createTopic(e.getKey(), e.getValue());
        } catch (TopicExistsException raced) {
          // created concurrently: fine, the partition count was checked by create()
        }
      }
    }
  }

  // ------------------------------------------------------------------ serdes

  private void checkSerdes() {
    for (SubTopologyDef st : topology.subTopologies()) {
      for (NodeDef n : st.nodes()) {
        if (n instanceof SourceDef s) {
          keySerde(s.keySerde(), "source '" + s.name() + "'");
          valueSerde(s.valueSerde(), "source '" + s.name() + "'");
        } else if (n instanceof SinkDef s) {
          keySerde(s.keySerde(), "sink '" + s.name() + "'");
          valueSerde(s.valueSerde(), "sink '" + s.name() + "'");
        }
      }
      for (StoreDef s : st.stores()) {
        keySerde(s.keySerde(), "store '" + s.name() + "'");
        valueSerde(s.valueSerde(), "store '" + s.name() + "'");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Serde<Object> keySerde(Serde<?> serde, String where) {
    Serde<?> s = serde != null ? serde : config.defaultKeySerde();
    if (s instanceof DeferredSerde<?> d) {
      s = d.resolve(config.defaultKeySerde(), config.defaultValueSerde());
    }
    if (s == null) {
      throw new TopologyException("no key serde for " + where + ": give one in the topology"
          + " (Consumed, Produced, Grouped, Repartitioned or Materialized) or set"
          + " StreamsConfig.defaultKeySerde");
    }
    return (Serde<Object>) s;
  }

  @SuppressWarnings("unchecked")
  private Serde<Object> valueSerde(Serde<?> serde, String where) {
    Serde<?> s = serde != null ? serde : config.defaultValueSerde();
    if (s instanceof DeferredSerde<?> d) {
      s = d.resolve(config.defaultKeySerde(), config.defaultValueSerde());
    }
    if (s == null) {
      throw new TopologyException("no value serde for " + where + ": give one in the topology"
          + " (Consumed, Produced, Grouped, Repartitioned or Materialized) or set"
          + " StreamsConfig.defaultValueSerde");
    }
    return (Serde<Object>) s;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Serde<Object> valueSerde(Serde<?> serde, boolean change, String where) {
    Serde<Object> s = valueSerde(serde, where);
    return change ? (Serde<Object>) (Serde) new ChangeSerde<>(s) : s;
  }

  // ------------------------------------------------------------------ tasks

  /** Instantiates a task: stores opened and restored, nodes made and wired (not initialized). */
  @SuppressWarnings("unchecked")
  StreamTask buildTask(TaskId id, Log log, StoreEngines engines, RecordCollector collector,
      ErrorRouter errors, Time time, long cacheBytesPerStore, IsolationLevel isolation) {
    SubTopologyDef st = topology.subTopologies().get(id.subTopology());
    StreamTask task = new StreamTask(id, config.applicationId(), errors, time, log);
    task.setMaxIdle(config.maxTaskIdle().toMillis());
    List<KeyValueBytesStore> opened = new ArrayList<>();
    try {
      for (StoreDef sd : st.stores()) {
        TopicPartition changelog = sd.logging()
            ? new TopicPartition(resolve(sd.changelogSuffix(), true), id.partition()) : null;
        StoreContext context = new StoreContext(config.applicationId(), id.toString(), sd.name(),
            StoreEngines.directory(config.stateDir(), config.applicationId(), id, sd.name()));
        KeyValueBytesStore inner = engines.openAndRestore(sd, context, log, changelog, isolation);
        opened.add(inner);
        Serde<Object> k = keySerde(sd.keySerde(), "store '" + sd.name() + "'");
        Serde<Object> v = valueSerde(sd.valueSerde(), "store '" + sd.name() + "'");
        String serdeTopic = changelog != null ? changelog.topic() : sd.name();
        task.addStore(new TaskStore<>(sd.name(), serdeTopic, inner, k.serializer(),
            k.deserializer(), v.serializer(), v.deserializer(), changelog,
            sd.caching() ? cacheBytesPerStore : 0, task,
            sd.layout() != StoreDef.Layout.KEY_VALUE));
      }
    } catch (RuntimeException e) {
      opened.forEach(KeyValueBytesStore::close);
      throw e;
    }
    Map<String, SourceNode> sources = new HashMap<>();
    Map<String, RuntimeNode> nodes = new HashMap<>();
    Map<String, NodeContext> contexts = new HashMap<>();
    for (NodeDef n : st.nodes()) {
      if (n instanceof SourceDef s) {
        String where = "source '" + s.name() + "'";
        SourceNode node = new SourceNode(s.name(), keySerde(s.keySerde(), where).deserializer(),
            valueSerde(s.valueSerde(), s.changeValues(), where).deserializer(),
            (TimestampExtractor<Object, Object>) s.timestampExtractor());
        sources.put(s.name(), node);
        for (String t : s.topics()) {
          String topic = resolve(t, s.internal());
          if (partitions.get(topic) > id.partition()) {
            task.addQueue(new StreamTask.PartitionQueue(new TopicPartition(topic, id.partition()),
                node));
          }
        }
      } else if (n instanceof ProcessorDef p) {
        Processor<Object, Object, Object, Object> processor =
            (Processor<Object, Object, Object, Object>) p.supplier().get();
        if (processor == null) {
          throw new TopologyException("the supplier of processor '" + p.name()
              + "' returned null");
        }
        synchronized (processorsHandedOut) {
          if (!processorsHandedOut.add(processor)) {
            throw new TopologyException("the supplier of processor '" + p.name()
                + "' returned an instance it had returned before; ProcessorSupplier.get() must"
                + " return a new processor on every call (one per task)");
          }
        }
        NodeContext context = new NodeContext(p.name(), task, Set.copyOf(p.stores()));
        contexts.put(p.name(), context);
        nodes.put(p.name(), new ProcessorNode(p.name(), processor, context));
      } else if (n instanceof SinkDef s) {
        String where = "sink '" + s.name() + "'";
        Serializer<Object> ks = keySerde(s.keySerde(), where).serializer();
        Serializer<Object> vs = valueSerde(s.valueSerde(), s.changeValues(), where).serializer();
        String topic = s.topic() == null ? null : resolve(s.topic(), s.internal());
        nodes.put(s.name(), new SinkNode(s.name(), topic,
            topic == null ? 0 : partitions.get(topic),
            (TopicNameExtractor<Object, Object>) s.extractor(), ks, vs, collector, task));
      }
    }
    for (NodeDef n : st.nodes()) {
      RuntimeNode[] children = st.children().get(n.name()).stream().map(nodes::get)
          .toArray(RuntimeNode[]::new);
      if (n instanceof SourceDef) {
        sources.get(n.name()).children = children;
      } else if (n instanceof ProcessorDef) {
        contexts.get(n.name()).setChildren(children);
      }
      RuntimeNode node = nodes.get(n.name());
      if (node != null) {
        task.addNode(node);
      }
    }
    return task;
  }
}
