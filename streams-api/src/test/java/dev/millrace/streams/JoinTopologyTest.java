package dev.millrace.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.serialization.Serdes;
import dev.millrace.streams.internal.InternalTopology;
import dev.millrace.streams.internal.SinkDef;
import dev.millrace.streams.internal.SubTopologyDef;
import dev.millrace.streams.kstream.Joined;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Named;
import org.junit.jupiter.api.Test;

/** How joins with tables shape the topology: sub-topologies, repartition topics, names. */
class JoinTopologyTest {
  @Test
  void aStreamJoinedWithATableShareItsSubTopologyUnlessRekeyed() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> customers = b.table("customers");
    KStream<String, String> orders = b.stream("orders");
    orders.join(customers, (o, c) -> o + c).to("direct");
    InternalTopology direct = (InternalTopology) b.build();
    assertEquals(1, direct.subTopologies().size());
    assertTrue(direct.subTopologies().get(0).sinks().stream().noneMatch(SinkDef::internal));

    StreamsBuilder b2 = new StreamsBuilder();
    KTable<String, String> customers2 = b2.table("customers");
    b2.<String, String>stream("orders").selectKey((k, v) -> v)
        .leftJoin(customers2, (o, c) -> o + c, Joined.as("rekeyed")).to("rekeyed-out");
    InternalTopology rekeyed = (InternalTopology) b2.build();
    assertEquals(2, rekeyed.subTopologies().size());
    SubTopologyDef upstream = rekeyed.subTopologies().stream()
        .filter(st -> st.sinks().stream().anyMatch(SinkDef::internal)).findFirst().orElseThrow();
    assertEquals("rekeyed-repartition", upstream.sinks().stream().filter(SinkDef::internal)
        .findFirst().orElseThrow().topic());
    assertTrue(rekeyed.describe().contains("Processor: rekeyed (stores: ["), rekeyed.describe());
  }

  @Test
  void tableJoinsAreNamedAfterNamedAndMaterializedIntoTheirStore() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> left = b.table("l");
    KTable<String, String> right = b.table("r");
    KTable<String, String> joined = left.outerJoin(right, (x, y) -> x + y, Named.as("lr"),
        Materialized.as("lr-store"));
    assertEquals("lr-store", joined.queryableStoreName());
    assertNull(left.join(right, (x, y) -> x + y).queryableStoreName());
    String d = b.build().describe();
    assertTrue(d.contains("Processor: lr-outer-join-this"), d);
    assertTrue(d.contains("Processor: lr-outer-join-other"), d);
    assertTrue(d.contains("Processor: KTABLE-JOINTHIS-"), d);
    assertTrue(d.contains("Store: lr-store (caching: on"), d);
    assertEquals(1, ((InternalTopology) b.build()).subTopologies().size());
  }

  @Test
  void aTableWithoutStoreUpstreamIsMaterializedOnceForAllItsJoins() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> suppressed = b.<String, String>table("t", Materialized.as("t-store"))
        .suppress(dev.millrace.streams.kstream.Suppressed.untilTimeLimit(
            java.time.Duration.ofSeconds(1),
            dev.millrace.streams.kstream.Suppressed.BufferConfig.unbounded()));
    KStream<String, String> s = b.stream("s");
    s.join(suppressed, (x, y) -> x + y).to("a");
    s.leftJoin(suppressed, (x, y) -> x + y).to("b");
    InternalTopology t = (InternalTopology) b.build();
    // the source's store, the suppression buffer, and one store for the joins to read
    assertEquals(3, t.stores().size(), t.describe());
    assertTrue(t.describe().contains("caching: off"), t.describe());
  }

  @Test
  void joinedKeepsItsSerdesAndValidatesItsName() {
    Joined<String, Long, Integer> j = Joined.with(Serdes.String(), Serdes.Long(), Serdes.Integer())
        .withName("enrich");
    assertSame(Serdes.String().getClass(), j.keySerde().getClass());
    assertSame(Serdes.Long().getClass(), j.valueSerde().getClass());
    assertSame(Serdes.Integer().getClass(), j.otherValueSerde().getClass());
    assertEquals("enrich", j.name());
    assertNull(Joined.with(null, null, null).name());
    assertThrows(IllegalArgumentException.class, () -> Joined.as("no spaces"));
    assertThrows(NullPointerException.class, () -> new StreamsBuilder().table("t")
        .join(null, (x, y) -> x));
  }
}
