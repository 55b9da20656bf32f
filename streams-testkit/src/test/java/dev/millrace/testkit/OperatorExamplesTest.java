package dev.millrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.serialization.Serdes;
import dev.millrace.state.KeyValueStore;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.kstream.Branched;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Grouped;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Named;
import dev.millrace.streams.kstream.Produced;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One small input → output example per DSL operator, through the real runtime. */
class OperatorExamplesTest {
  static StreamsConfig config() {
    return StreamsConfig.builder("examples")
        .defaultKeySerde(Serdes.String())
        .defaultValueSerde(Serdes.String())
        .build();
  }

  private static TopologyTestDriver driver(StreamsBuilder b) {
    return new TopologyTestDriver(b.build(), config());
  }

  private static TestInputTopic<String, String> in(TopologyTestDriver d) {
    return d.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
  }

  private static TestOutputTopic<String, String> out(TopologyTestDriver d, String topic) {
    return d.createOutputTopic(topic, Serdes.String().deserializer(),
        Serdes.String().deserializer());
  }

  @Test
  void filterAndFilterNot() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> s = b.stream("in");
    s.filter((k, v) -> v.startsWith("a")).to("yes");
    s.filterNot((k, v) -> v.startsWith("a")).to("no");
    try (TopologyTestDriver d = driver(b)) {
      TestInputTopic<String, String> in = in(d);
      in.pipeInput("k1", "apple");
      in.pipeInput("k2", "banana");
      assertEquals(List.of(KeyValue.pair("k1", "apple")), out(d, "yes").readKeyValuesToList());
      assertEquals(List.of(KeyValue.pair("k2", "banana")), out(d, "no").readKeyValuesToList());
    }
  }

  @Test
  void mapMapValuesSelectKeyKeepTimestamps() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> s = b.stream("in");
    s.map((k, v) -> KeyValue.pair(v, k)).to("swapped");
    s.mapValues(String::toUpperCase).to("upper");
    s.selectKey((k, v) -> k + "!").to("rekeyed");
    try (TopologyTestDriver d = driver(b)) {
      in(d).pipeInput("a", "x", 42L);
      TestRecord<String, String> r = out(d, "swapped").readRecord();
      assertEquals(new TestRecord<>("x", "a", 42L, List.of()), r);
      assertEquals(KeyValue.pair("a", "X"), out(d, "upper").readKeyValue());
      assertEquals(KeyValue.pair("a!", "x"), out(d, "rekeyed").readKeyValue());
    }
  }

  @Test
  void flatMapAndFlatMapValuesKeepOrder() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> s = b.stream("in");
    s.flatMapValues(v -> Arrays.asList(v.split(" "))).to("words");
    s.flatMap((k, v) -> List.of(KeyValue.pair(k + "1", v), KeyValue.pair(k + "2", v)))
        .to("twice");
    try (TopologyTestDriver d = driver(b)) {
      in(d).pipeInput("k", "the quick fox");
      assertEquals(List.of("the", "quick", "fox"), out(d, "words").readValuesToList());
      assertEquals(List.of(KeyValue.pair("k1", "the quick fox"),
          KeyValue.pair("k2", "the quick fox")), out(d, "twice").readKeyValuesToList());
    }
  }

  @Test
  void peekAndForeachSeeEveryRecord() {
    List<String> peeked = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    StreamsBuilder b = new StreamsBuilder();
    b.<String, String>stream("in").peek((k, v) -> peeked.add(v)).foreach((k, v) -> seen.add(k));
    try (TopologyTestDriver d = driver(b)) {
      in(d).pipeInput("a", "1");
      in(d).pipeInput("b", "2");
    }
    assertEquals(List.of("1", "2"), peeked);
    assertEquals(List.of("a", "b"), seen);
  }

  @Test
  void splitSendsEachRecordToTheFirstMatchingBranch() {
    StreamsBuilder b = new StreamsBuilder();
    Map<String, KStream<String, String>> branches = b.<String, String>stream("in")
        .split(Named.as("by-"))
        .branch((k, v) -> v.startsWith("a"), Branched.as("a"))
        .branch((k, v) -> v.length() > 3)
        .defaultBranch();
    assertEquals(java.util.Set.of("by-a", "by-2", "by-0"), branches.keySet());
    branches.get("by-a").to("a");
    branches.get("by-2").to("long");
    branches.get("by-0").to("other");
    try (TopologyTestDriver d = driver(b)) {
      TestInputTopic<String, String> in = in(d);
      in.pipeInput("1", "apple");
      in.pipeInput("2", "banana");
      in.pipeInput("3", "fig");
      assertEquals(List.of("apple"), out(d, "a").readValuesToList());
      assertEquals(List.of("banana"), out(d, "long").readValuesToList());
      assertEquals(List.of("fig"), out(d, "other").readValuesToList());
    }
  }

  @Test
  void mergeInterleavesBothStreams() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> one = b.stream("in");
    KStream<String, String> two = b.stream("in2");
    one.merge(two).to("out");
    try (TopologyTestDriver d = driver(b)) {
      in(d).pipeInput("a", "1");
      d.createInputTopic("in2", Serdes.String().serializer(), Serdes.String().serializer())
          .pipeInput("b", "2");
      assertEquals(List.of("1", "2"), out(d, "out").readValuesToList());
    }
  }

  @Test
  void toWithTopicNameExtractor() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, String>stream("in").to((k, v) -> "out-" + k);
    try (TopologyTestDriver d = driver(b)) {
      TestOutputTopic<String, String> x = out(d, "out-x");
      TestOutputTopic<String, String> y = out(d, "out-y");
      in(d).pipeInput("x", "1");
      in(d).pipeInput("y", "2");
      assertEquals(List.of("1"), x.readValuesToList());
      assertEquals(List.of("2"), y.readValuesToList());
    }
  }

  @Test
  void countAfterGroupByRepartitionsAndCounts() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, String>stream("in")
        .groupBy((k, v) -> v, Grouped.as("by-value"))
        .count(Materialized.as("counts"))
        .toStream()
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
    try (TopologyTestDriver d = driver(b)) {
      TestInputTopic<String, String> in = in(d);
      in.pipeInput("1", "x");
      in.pipeInput("2", "y");
      in.pipeInput("3", "x");
      TestOutputTopic<String, Long> out = d.createOutputTopic("out",
          Serdes.String().deserializer(), Serdes.Long().deserializer());
      assertEquals(List.of(KeyValue.pair("x", 1L), KeyValue.pair("y", 1L), KeyValue.pair("x", 2L)),
          out.readKeyValuesToList());
      KeyValueStore<String, Long> store = d.getKeyValueStore("counts");
      assertEquals(2L, store.get("x"));
      assertTrue(d.log().listTopics().contains("examples-by-value-repartition"));
      assertTrue(d.log().listTopics().contains("examples-counts-changelog"));
    }
  }

  @Test
  void cacheCollapsesUpdatesPipedInOneBatch() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, String>stream("in").groupByKey().count(Materialized.as("c")).toStream()
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
    try (TopologyTestDriver d = driver(b)) {
      in(d).pipeKeyValueList(List.of(KeyValue.pair("a", "1"), KeyValue.pair("a", "2"),
          KeyValue.pair("b", "3"), KeyValue.pair("a", "4")));
      TestOutputTopic<String, Long> out = d.createOutputTopic("out",
          Serdes.String().deserializer(), Serdes.Long().deserializer());
      assertEquals(List.of(KeyValue.pair("a", 3L), KeyValue.pair("b", 1L)),
          out.readKeyValuesToList());
    }
  }

  @Test
  void exactlyOnceRunsTheSameTopologyThroughTransactions() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, String>stream("in").groupBy((k, v) -> v).count(Materialized.as("c")).toStream()
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
    StreamsConfig eos = StreamsConfig.builder("eos").defaultKeySerde(Serdes.String())
        .defaultValueSerde(Serdes.String())
        .processingGuarantee(dev.millrace.streams.ProcessingGuarantee.EXACTLY_ONCE).build();
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), eos)) {
      in(d).pipeInput("1", "x");
      in(d).pipeInput("2", "x");
      TestOutputTopic<String, Long> out = d.createOutputTopic("out",
          Serdes.String().deserializer(), Serdes.Long().deserializer());
      assertEquals(List.of(KeyValue.pair("x", 1L), KeyValue.pair("x", 2L)),
          out.readKeyValuesToList());
    }
  }

  @Test
  void withoutCachingEveryUpdateGoesDownstream() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, String>stream("in").groupByKey()
        .count(Materialized.<String, Long>as("c").withCachingDisabled()).toStream()
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
    try (TopologyTestDriver d = driver(b)) {
      in(d).pipeKeyValueList(List.of(KeyValue.pair("a", "1"), KeyValue.pair("a", "2")));
      TestOutputTopic<String, Long> out = d.createOutputTopic("out",
          Serdes.String().deserializer(), Serdes.Long().deserializer());
      assertEquals(List.of(1L, 2L), out.readValuesToList());
    }
  }

  @Test
  void withoutLoggingNoChangelogTopicIsCreated() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, String>stream("in").groupByKey()
        .count(Materialized.<String, Long>as("quiet").withLoggingDisabled());
    try (TopologyTestDriver d = driver(b)) {
      in(d).pipeInput("a", "1");
      assertEquals(1L, d.<String, Long>getKeyValueStore("quiet").get("a"));
      assertTrue(d.log().listTopics().stream().noneMatch(t -> t.contains("changelog")),
          d.log().listTopics().toString());
    }
  }

  @Test
  void repartitionRoutesRecordsThroughAnInternalTopic() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, String>stream("in")
        .repartition(dev.millrace.streams.kstream.Repartitioned.<String, String>as("spread")
            .withNumberOfPartitions(3))
        .mapValues(v -> v + "!").to("out");
    try (TopologyTestDriver d = driver(b)) {
      in(d).pipeInput("a", "1");
      in(d).pipeInput("b", "2");
      assertEquals(3, d.log().describeTopic("examples-spread-repartition").partitions());
      assertEquals(java.util.Set.of("1!", "2!"),
          java.util.Set.copyOf(out(d, "out").readValuesToList()));
    }
  }

  @Test
  void persistentStoresNeedAPersistentEngine() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, String>stream("in").groupByKey()
        .count(Materialized.<String, Long>as("disk").withStoreType(
            dev.millrace.state.StoreType.PERSISTENT));
    var e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.millrace.streams.TopologyException.class, () -> driver(b));
    assertTrue(e.getMessage().contains("store 'disk' needs a PERSISTENT store engine"),
        e.getMessage());
    assertTrue(e.getMessage().contains("state-rocksdb"), e.getMessage());
  }

  @Test
  void reduceAndAggregate() {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> s = b.stream("in");
    s.groupByKey().reduce((a, v) -> a + v).toStream().to("concat");
    s.groupByKey().aggregate(() -> 0L, (k, v, agg) -> agg + v.length(),
            Materialized.with(Serdes.String(), Serdes.Long()))
        .toStream().to("lengths", Produced.with(Serdes.String(), Serdes.Long()));
    try (TopologyTestDriver d = driver(b)) {
      in(d).pipeInput("k", "ab");
      in(d).pipeInput("k", "cde");
      assertEquals(List.of("ab", "abcde"), out(d, "concat").readValuesToList());
      TestOutputTopic<String, Long> lengths = d.createOutputTopic("lengths",
          Serdes.String().deserializer(), Serdes.Long().deserializer());
      assertEquals(List.of(2L, 5L), lengths.readValuesToList());
    }
  }

  @Test
  void aggregationsSkipNullKeysAndCountThem() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, String>stream("in").groupByKey().count(Materialized.as("c"));
    try (TopologyTestDriver d = driver(b)) {
      in(d).pipeInput(null, "x");
      in(d).pipeInput("a", "y");
      assertEquals(1L, d.<String, Long>getKeyValueStore("c").get("a"));
      assertEquals(1L, d.metrics().recordsSkipped());
      assertEquals(2L, d.metrics().recordsProcessed());
    }
  }

  @Test
  void tableFromTopicFilterMapValuesToStream() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> t = b.table("in", Materialized.as("t"));
    t.filter((k, v) -> v.length() < 4).mapValues(v -> v + "!").toStream().to("out");
    try (TopologyTestDriver d = driver(b)) {
      TestInputTopic<String, String> in = in(d);
      in.pipeInput("a", "abc");
      in.pipeInput("a", "abcdef");
      in.pipeInput("b", "x");
      in.pipeInput("b", null);
      in.pipeInput("never-there", null);
      List<KeyValue<String, String>> got = out(d, "out").readKeyValuesToList();
      assertEquals(List.of(KeyValue.pair("a", "abc!"), KeyValue.pair("a", null),
          KeyValue.pair("b", "x!"), KeyValue.pair("b", null)), got);
      assertNull(d.<String, String>getKeyValueStore("t").get("b"));
      assertEquals("abcdef", d.<String, String>getKeyValueStore("t").get("a"));
    }
  }

  @Test
  void materializedTableFilterAndMapValuesAreQueryable() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> t = b.table("in");
    KTable<String, String> shortOnes = t.filter((k, v) -> v.length() < 4,
        Materialized.as("short"));
    KTable<String, Long> lengths = t.mapValues(v -> (long) v.length(),
        Materialized.<String, Long>as("lengths").withValueSerde(Serdes.Long()));
    assertEquals("short", shortOnes.queryableStoreName());
    assertEquals("lengths", lengths.queryableStoreName());
    shortOnes.toStream().to("short-out");
    try (TopologyTestDriver d = driver(b)) {
      TestInputTopic<String, String> in = in(d);
      in.pipeInput("a", "abc");
      in.pipeInput("b", "abcdef");
      in.pipeInput("a", "abcd");
      assertNull(d.<String, String>getKeyValueStore("short").get("a"));
      assertNull(d.<String, String>getKeyValueStore("short").get("b"));
      assertEquals(4L, d.<String, Long>getKeyValueStore("lengths").get("a"));
      assertEquals(6L, d.<String, Long>getKeyValueStore("lengths").get("b"));
      assertEquals(List.of(KeyValue.pair("a", "abc"), KeyValue.pair("a", null)),
          out(d, "short-out").readKeyValuesToList());
    }
  }

  @Test
  void tableGroupByMovesRowsBetweenGroups() {
    // employee -> "department:salary"; sum of salaries per department
    StreamsBuilder b = new StreamsBuilder();
    b.<String, String>table("in")
        .groupBy((emp, v) -> KeyValue.pair(v.split(":")[0], Long.parseLong(v.split(":")[1])),
            Grouped.with(Serdes.String(), Serdes.Long()))
        .reduce(Long::sum, (agg, old) -> agg - old, Materialized.as("payroll"))
        .toStream().to("out", Produced.with(Serdes.String(), Serdes.Long()));
    try (TopologyTestDriver d = driver(b)) {
      TestInputTopic<String, String> in = in(d);
      in.pipeInput("alice", "eng:10");
      in.pipeInput("bob", "eng:5");
      in.pipeInput("alice", "ops:12");
      in.pipeInput("bob", null);
      KeyValueStore<String, Long> payroll = d.getKeyValueStore("payroll");
      assertEquals(0L, payroll.get("eng"));
      assertEquals(12L, payroll.get("ops"));
      TestOutputTopic<String, Long> out = d.createOutputTopic("out",
          Serdes.String().deserializer(), Serdes.Long().deserializer());
      assertEquals(Map.of("eng", 0L, "ops", 12L), out.readKeyValuesToMap());
    }
  }

  @Test
  void toTableOfRekeyedStreamRepartitions() {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, String>stream("in").selectKey((k, v) -> v).toTable(Materialized.as("latest"))
        .toStream().to("out");
    try (TopologyTestDriver d = driver(b)) {
      in(d).pipeInput("a", "x");
      assertEquals("x", d.<String, String>getKeyValueStore("latest").get("x"));
      assertTrue(d.log().listTopics().contains("examples-latest-repartition"));
    }
  }
}
