package dev.millrace.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.serialization.Serdes;
import dev.millrace.streams.internal.InternalTopology;
import dev.millrace.streams.internal.SinkDef;
import dev.millrace.streams.internal.SourceDef;
import dev.millrace.streams.internal.SubTopologyDef;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Grouped;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Named;
import dev.millrace.streams.kstream.Repartitioned;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamsBuilderTest {
  private static InternalTopology build(StreamsBuilder b) {
    return (InternalTopology) b.build();
  }

  @Test
  void statelessChainIsOneSubTopologyWithoutInternalTopics() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in").filter((k, v) -> true).mapValues(v -> v).to("out");
    InternalTopology t = build(b);
    assertEquals(1, t.subTopologies().size());
    String d = t.describe();
    assertTrue(d.contains("Source: KSTREAM-SOURCE-0000000000 (topics: [in])"), d);
    assertTrue(d.contains("--> KSTREAM-FILTER-0000000001"), d);
    assertTrue(d.contains("Sink: KSTREAM-SINK-0000000003 (topic: out)"), d);
    assertTrue(d.contains("Internal topics: none"), d);
  }

  @Test
  void groupByKeyWithoutKeyChangeDoesNotRepartition() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in").mapValues(v -> v).groupByKey().count(Materialized.as("counts"));
    InternalTopology t = build(b);
    assertEquals(1, t.subTopologies().size());
    assertTrue(t.describe().contains("<application.id>-counts-changelog (changelog, compacted)"));
    assertFalse(t.describe().contains("repartition"));
  }

  @Test
  void keyChangeFollowedByGroupingSplitsAtARepartitionTopic() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<Object, Object> s = b.stream("in");
    s.selectKey((k, v) -> v).groupByKey(Grouped.as("by-value")).count();
    InternalTopology t = build(b);
    assertEquals(2, t.subTopologies().size());
    SubTopologyDef first = t.subTopologies().get(0);
    SubTopologyDef second = t.subTopologies().get(1);
    SinkDef sink = first.sinks().get(0);
    assertTrue(sink.internal());
    assertEquals("by-value-repartition", sink.topic());
    SourceDef source = second.sources().get(0);
    assertTrue(source.internal());
    assertEquals(List.of("by-value-repartition"), source.topics());
    assertEquals(1, second.stores().size());
    String d = t.describe();
    assertTrue(d.contains("Sub-topology: 1"), d);
    assertTrue(d.contains("<application.id>-by-value-repartition (repartition)"), d);
  }

  @Test
  void dotExportShowsClustersTopicsAndStores() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in").groupBy((k, v) -> v, Grouped.as("g")).count(Materialized.as("c"));
    String dot = b.build().toDot();
    assertTrue(dot.startsWith("digraph topology {"), dot);
    assertTrue(dot.contains("subgraph cluster_0") && dot.contains("subgraph cluster_1"), dot);
    assertTrue(dot.contains("\"in\" -> \"KSTREAM-SOURCE-0000000000\";"), dot);
    assertTrue(dot.contains("\"g-repartition-sink\" -> \"<application.id>-g-repartition\";"),
        dot);
    assertTrue(dot.contains("\"store:c\" [shape=cylinder, label=\"c\"]"), dot);
    assertTrue(dot.contains("\"<application.id>-g-repartition\" [shape=ellipse, style=dashed]"),
        dot);
  }

  @Test
  void twoAggregationsOfOneGroupingShareItsRepartitionTopic() {
    StreamsBuilder b = new StreamsBuilder();
    var grouped = b.stream("in").groupBy((k, v) -> v, Grouped.as("g"));
    grouped.count(Materialized.as("c1"));
    grouped.count(Materialized.as("c2"));
    InternalTopology t = build(b);
    assertEquals(2, t.subTopologies().size());
    assertEquals(1, t.subTopologies().get(0).sinks().size());
    assertEquals(2, t.subTopologies().get(1).stores().size());
  }

  @Test
  void tableGroupByAlwaysRepartitionsChanges() {
    StreamsBuilder b = new StreamsBuilder();
    b.table("t", Materialized.as("t-store")).groupBy((k, v) -> KeyValue.pair(v, k)).count();
    InternalTopology t = build(b);
    assertEquals(2, t.subTopologies().size());
    assertTrue(t.subTopologies().get(0).sinks().get(0).changeValues());
    assertTrue(t.subTopologies().get(1).sources().get(0).changeValues());
  }

  @Test
  void repartitionWithPartitionCount() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in").repartition(Repartitioned.as("spread").withNumberOfPartitions(8)).to("out");
    InternalTopology t = build(b);
    assertEquals(8, t.subTopologies().get(0).sinks().get(0).partitions());
    assertTrue(t.describe().contains("<application.id>-spread-repartition (repartition, 8"
        + " partitions)"));
  }

  @Test
  void serdesFlowDownstreamUntilTheTypeChanges() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, Long> s = b.stream("in", Consumed.with(Serdes.String(), Serdes.Long()));
    s.filter((k, v) -> true).to("kept");
    s.mapValues(v -> v.toString()).to("mapped");
    InternalTopology t = build(b);
    List<SinkDef> sinks = t.subTopologies().get(0).sinks();
    assertEquals(Serdes.Long(), sinks.get(0).valueSerde());
    assertEquals(Serdes.String(), sinks.get(1).keySerde());
    assertEquals(null, sinks.get(1).valueSerde());
  }

  @Test
  void tableSerdesServeBothTheSourceAndTheStore() {
    StreamsBuilder b = new StreamsBuilder();
    b.table("t", Materialized.<String, Long>as("s").withKeySerde(Serdes.String())
        .withValueSerde(Serdes.Long()));
    InternalTopology t = build(b);
    SourceDef source = t.subTopologies().get(0).sources().get(0);
    assertEquals(Serdes.String(), source.keySerde());
    assertEquals(Serdes.Long(), source.valueSerde());
    b = new StreamsBuilder();
    b.table("t", Consumed.with(Serdes.String(), Serdes.Long()), Materialized.as("s"));
    assertEquals(Serdes.Long(), build(b).stores().get("s").valueSerde());
  }

  @Test
  void namesAreUniqueAndTopicsAreReadOnce() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<Object, Object> s = b.stream("in");
    s.filter((k, v) -> true, Named.as("f"));
    TopologyException dup = assertThrows(TopologyException.class,
        () -> s.filter((k, v) -> true, Named.as("f")));
    assertTrue(dup.getMessage().contains("'f'"));
    TopologyException twice = assertThrows(TopologyException.class, () -> b.stream("in"));
    assertTrue(twice.getMessage().contains("'in'"));
    assertThrows(TopologyException.class, () -> b.stream(List.of("x", "x")));
    b.stream("x");
    assertThrows(IllegalArgumentException.class, () -> b.stream("bad topic"));
    assertThrows(TopologyException.class, () -> b.addStateStore(Materialized.with(null, null)));
  }

  @Test
  void topologiesAreImmutableSnapshots() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("a").to("x");
    Topology first = b.build();
    b.stream("b").to("y");
    assertEquals(1, ((InternalTopology) first).subTopologies().size());
    assertEquals(2, build(b).subTopologies().size());
  }
}
