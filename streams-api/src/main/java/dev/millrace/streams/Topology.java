package dev.millrace.streams;

/**
 * An immutable processing graph built by {@link StreamsBuilder#build()}: sources, processors,
 * state stores and sinks, split into sub-topologies at internal repartition topics. Run it with
 * the runtime's {@code dev.millrace.runtime.Streams}; the same topology may be run many times.
 */
public interface Topology {
  /**
   * A human-readable description: every sub-topology with its sources (and their topics),
   * processors (with the stores they use), sinks, and the internal topics the runtime will create
   * (repartition and changelog topics, named {@code <application.id>-<name>-repartition} and
   * {@code <application.id>-<store>-changelog}).
   */
  String describe();

  /**
   * The same graph in Graphviz DOT: one cluster per sub-topology, boxes for processors, ellipses
   * for topics (internal ones dashed), cylinders for stores. Render with
   * {@code dot -Tsvg topology.dot > topology.svg}.
   */
  String toDot();
}
