package dev.millrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.millrace.serialization.Serdes;
import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.KeyValueStore;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Grouped;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Each operator through the driver against a reference model: a plain, non-incremental fold over
 * the whole input. Inputs are piped in random batch sizes, so the store caches collapse different
 * runs of updates each time; results must not depend on that.
 */
class OperatorProperties {
  record Rec(String key, Integer value) {}

  @Provide
  Arbitrary<List<Rec>> records() {
    Arbitrary<String> keys = Arbitraries.of("a", "b", "c", "d", "e");
    Arbitrary<Integer> values = Arbitraries.integers().between(-50, 50);
    return Combinators.combine(keys, values).as(Rec::new).list().ofMaxSize(60);
  }

  /** No cache, a cache so small that it evicts all the time, or a roomy one. */
  @Provide
  Arbitrary<Long> cacheSizes() {
    return Arbitraries.of(0L, 300L, 1L << 20);
  }

  private static StreamsConfig config(long cacheBytes) {
    return StreamsConfig.builder("props")
        .defaultKeySerde(Serdes.String())
        .defaultValueSerde(Serdes.Integer())
        .cacheMaxBytes(cacheBytes)
        .build();
  }

  private static void pipeInBatches(TestInputTopic<String, Integer> in, List<Rec> recs,
      int batch) {
    for (int i = 0; i < recs.size(); i += batch) {
      in.pipeKeyValueList(recs.subList(i, Math.min(recs.size(), i + batch)).stream()
          .map(r -> KeyValue.pair(r.key(), r.value())).toList());
    }
  }

  private static <K, V> Map<K, V> contents(KeyValueStore<K, V> store) {
    Map<K, V> m = new TreeMap<>();
    try (KeyValueIterator<K, V> it = store.all()) {
      it.forEachRemaining(kv -> m.put(kv.key(), kv.value()));
    }
    return m;
  }

  @Property(tries = 60)
  void countReduceAggregateEqualTheFold(@ForAll("records") List<Rec> recs,
      @ForAll @IntRange(min = 1, max = 7) int batch, @ForAll("cacheSizes") long cache) {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, Integer> s = b.stream("in");
    s.groupByKey().count(Materialized.as("count")).toStream()
        .to("count-out", Produced.with(Serdes.String(), Serdes.Long()));
    s.groupByKey().reduce(Integer::sum, Materialized.as("sum")).toStream().to("sum-out");
    s.groupByKey().aggregate(() -> "", (k, v, agg) -> agg + v + ",",
        Materialized.with(Serdes.String(), Serdes.String()).withStoreType(
            dev.millrace.state.StoreType.IN_MEMORY)).toStream()
        .to("agg-out", Produced.with(Serdes.String(), Serdes.String()));

    Map<String, Long> count = new TreeMap<>();
    Map<String, Integer> sum = new TreeMap<>();
    Map<String, String> agg = new TreeMap<>();
    for (Rec r : recs) {
      count.merge(r.key(), 1L, Long::sum);
      sum.merge(r.key(), r.value(), Integer::sum);
      agg.merge(r.key(), r.value() + ",", String::concat);
    }

    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config(cache))) {
      pipeInBatches(d.createInputTopic("in", Serdes.String().serializer(),
          Serdes.Integer().serializer()), recs, batch);
      assertEquals(count, contents(d.getKeyValueStore("count")));
      assertEquals(sum, contents(d.getKeyValueStore("sum")));
      assertEquals(count, new TreeMap<>(d.createOutputTopic("count-out",
          Serdes.String().deserializer(), Serdes.Long().deserializer()).readKeyValuesToMap()));
      assertEquals(sum, new TreeMap<>(d.createOutputTopic("sum-out",
          Serdes.String().deserializer(), Serdes.Integer().deserializer()).readKeyValuesToMap()));
      assertEquals(agg, new TreeMap<>(d.createOutputTopic("agg-out",
          Serdes.String().deserializer(), Serdes.String().deserializer()).readKeyValuesToMap()));
    }
  }

  @Property(tries = 60)
  void streamGroupByEqualsTheFoldOverNewKeys(@ForAll("records") List<Rec> recs,
      @ForAll @IntRange(min = 1, max = 7) int batch, @ForAll("cacheSizes") long cache) {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, Integer>stream("in")
        .groupBy((k, v) -> Math.floorMod(v, 3) + "", Grouped.as("mod"))
        .reduce(Integer::sum, Materialized.as("by-mod"));
    Map<String, Integer> expected = new TreeMap<>();
    for (Rec r : recs) {
      expected.merge(Math.floorMod(r.value(), 3) + "", r.value(), Integer::sum);
    }
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config(cache))) {
      pipeInBatches(d.createInputTopic("in", Serdes.String().serializer(),
          Serdes.Integer().serializer()), recs, batch);
      assertEquals(expected, contents(d.getKeyValueStore("by-mod")));
    }
  }

  /** A row update: employee, department (null deletes the row), salary. */
  record Row(String employee, String department, int salary) {}

  @Provide
  Arbitrary<List<Row>> rows() {
    Arbitrary<String> emps = Arbitraries.of("ann", "bob", "cat", "dan", "eve", "fay");
    Arbitrary<String> depts = Arbitraries.of("eng", "ops", "hr").injectNull(0.15);
    Arbitrary<Integer> salaries = Arbitraries.integers().between(1, 100);
    return Combinators.combine(emps, depts, salaries).as(Row::new).list().ofMaxSize(60);
  }

  @Property(tries = 80)
  void tableGroupByRetractsOldValuesFromOldGroups(@ForAll("rows") List<Row> rows,
      @ForAll @IntRange(min = 1, max = 7) int batch, @ForAll("cacheSizes") long cache) {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> employees = b.table("employees",
        Consumed.with(Serdes.String(), Serdes.String()));
    employees.groupBy((emp, v) -> KeyValue.pair(v.split(":")[0],
            Integer.parseInt(v.split(":")[1])), Grouped.with(Serdes.String(), Serdes.Integer()))
        .reduce(Integer::sum, (agg, old) -> agg - old, Materialized.as("payroll"));
    employees.groupBy((emp, v) -> KeyValue.pair(v.split(":")[0], v),
            Grouped.with(Serdes.String(), Serdes.String()))
        .count(Materialized.as("headcount"));
    employees.groupBy((emp, v) -> KeyValue.pair(v.split(":")[0], v),
            Grouped.with(Serdes.String(), Serdes.String()).withName("rows"))
        .aggregate(() -> 0L, (k, v, agg) -> agg + Integer.parseInt(v.split(":")[1]),
            (k, v, agg) -> agg - Integer.parseInt(v.split(":")[1]),
            Materialized.<String, Long>as("payroll-by-aggregate").withValueSerde(Serdes.Long())
                .withCachingDisabled());

    Map<String, Row> table = new LinkedHashMap<>();
    for (Row r : rows) {
      if (r.department() == null) {
        table.remove(r.employee());
      } else {
        table.put(r.employee(), r);
      }
    }
    Map<String, Integer> payroll = new TreeMap<>();
    Map<String, Long> headcount = new TreeMap<>();
    for (Row r : table.values()) {
      payroll.merge(r.department(), r.salary(), Integer::sum);
      headcount.merge(r.department(), 1L, Long::sum);
    }

    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config(cache))) {
      TestInputTopic<String, String> in = d.createInputTopic("employees",
          Serdes.String().serializer(), Serdes.String().serializer());
      for (int i = 0; i < rows.size(); i += batch) {
        in.pipeKeyValueList(rows.subList(i, Math.min(rows.size(), i + batch)).stream()
            .map(r -> KeyValue.pair(r.employee(),
                r.department() == null ? null : r.department() + ":" + r.salary()))
            .toList());
      }
      Map<String, Integer> gotPayroll = new TreeMap<>(contents(d.getKeyValueStore("payroll")));
      gotPayroll.values().removeIf(v -> v == 0);
      assertEquals(payroll, gotPayroll);
      Map<String, Long> gotAggregate = new TreeMap<>(
          contents(d.getKeyValueStore("payroll-by-aggregate")));
      gotAggregate.values().removeIf(v -> v == 0);
      Map<String, Long> payrollAsLong = new TreeMap<>();
      payroll.forEach((k, v) -> payrollAsLong.put(k, (long) v));
      assertEquals(payrollAsLong, gotAggregate);
      Map<String, Long> gotHeadcount = new TreeMap<>(contents(d.getKeyValueStore("headcount")));
      gotHeadcount.values().removeIf(v -> v == 0);
      assertEquals(headcount, gotHeadcount);
    }
  }

  @Property(tries = 60)
  void filterMapFlatMapLaws(@ForAll("records") List<Rec> recs) {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, Integer> s = b.stream("in");
    s.filter((k, v) -> v > 0).filter((k, v) -> v % 2 == 0).to("ff");
    s.filter((k, v) -> v > 0 && v % 2 == 0).to("f");
    s.mapValues(v -> v * 3).mapValues(v -> v + 1).to("mm");
    s.mapValues(v -> v * 3 + 1).to("m");
    s.map((k, v) -> KeyValue.pair(k + v, -v)).to("map");
    s.flatMapValues(v -> v >= 0 ? List.of(v, v) : List.<Integer>of()).to("flat");
    s.flatMap((k, v) -> List.of(KeyValue.pair(k, v), KeyValue.pair(k + k, v))).to("flatmap");

    List<KeyValue<String, Integer>> input = recs.stream()
        .map(r -> KeyValue.pair(r.key(), r.value())).toList();
    List<KeyValue<String, Integer>> filtered = input.stream()
        .filter(kv -> kv.value() > 0 && kv.value() % 2 == 0).toList();
    List<KeyValue<String, Integer>> mapped = input.stream()
        .map(kv -> KeyValue.pair(kv.key(), kv.value() * 3 + 1)).toList();
    List<KeyValue<String, Integer>> keyMapped = input.stream()
        .map(kv -> KeyValue.pair(kv.key() + kv.value(), -kv.value())).toList();
    List<KeyValue<String, Integer>> flat = new ArrayList<>();
    List<KeyValue<String, Integer>> flatMapped = new ArrayList<>();
    for (KeyValue<String, Integer> kv : input) {
      if (kv.value() >= 0) {
        flat.add(kv);
        flat.add(kv);
      }
      flatMapped.add(kv);
      flatMapped.add(KeyValue.pair(kv.key() + kv.key(), kv.value()));
    }

    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config(1L << 20))) {
      d.createInputTopic("in", Serdes.String().serializer(), Serdes.Integer().serializer())
          .pipeKeyValueList(input);
      assertEquals(filtered, read(d, "ff"));
      assertEquals(filtered, read(d, "f"));
      assertEquals(mapped, read(d, "mm"));
      assertEquals(mapped, read(d, "m"));
      assertEquals(keyMapped, read(d, "map"));
      assertEquals(flat, read(d, "flat"));
      assertEquals(flatMapped, read(d, "flatmap"));
    }
  }

  private static List<KeyValue<String, Integer>> read(TopologyTestDriver d, String topic) {
    return d.createOutputTopic(topic, Serdes.String().deserializer(),
        Serdes.Integer().deserializer()).readKeyValuesToList();
  }

  @Property(tries = 60)
  void splitPartitionsTheStreamByFirstMatch(@ForAll("records") List<Rec> recs,
      @ForAll boolean withDefault) {
    StreamsBuilder b = new StreamsBuilder();
    var split = b.<String, Integer>stream("in").split()
        .branch((k, v) -> v < -10)
        .branch((k, v) -> v % 2 == 0)
        .branch((k, v) -> k.equals("a"));
    Map<String, KStream<String, Integer>> branches =
        withDefault ? split.defaultBranch() : split.noDefaultBranch();
    List<String> names = new ArrayList<>(new TreeMap<>(branches).keySet());
    for (int i = 0; i < names.size(); i++) {
      branches.get(names.get(i)).to("branch-" + i);
    }
    // names sort as <prefix>0 (default), <prefix>1, <prefix>2, <prefix>3
    Map<Integer, List<KeyValue<String, Integer>>> expected = new HashMap<>();
    for (Rec r : recs) {
      int branch = r.value() < -10 ? 1 : r.value() % 2 == 0 ? 2 : r.key().equals("a") ? 3 : 0;
      expected.computeIfAbsent(branch, x -> new ArrayList<>())
          .add(KeyValue.pair(r.key(), r.value()));
    }
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config(1L << 20))) {
      d.createInputTopic("in", Serdes.String().serializer(), Serdes.Integer().serializer())
          .pipeKeyValueList(recs.stream().map(r -> KeyValue.pair(r.key(), r.value())).toList());
      for (int i = 0; i < names.size(); i++) {
        int branch = withDefault ? i : i + 1;
        assertEquals(expected.getOrDefault(branch, List.of()), read(d, "branch-" + i),
            "branch " + names.get(i));
      }
    }
  }

  @Property(tries = 40)
  void mergeKeepsEveryRecordOfBothInputsInTheirOrder(@ForAll("records") List<Rec> left,
      @ForAll("records") List<Rec> right) {
    StreamsBuilder b = new StreamsBuilder();
    b.<String, Integer>stream("left").merge(b.stream("right")).to("out");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config(1L << 20))) {
      TestInputTopic<String, Integer> l = d.createInputTopic("left",
          Serdes.String().serializer(), Serdes.Integer().serializer());
      TestInputTopic<String, Integer> r = d.createInputTopic("right",
          Serdes.String().serializer(), Serdes.Integer().serializer());
      for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
        if (i < left.size()) {
          l.pipeInput(left.get(i).key(), left.get(i).value());
        }
        if (i < right.size()) {
          r.pipeInput(right.get(i).key(), right.get(i).value() + 1000);
        }
      }
      List<KeyValue<String, Integer>> out = read(d, "out");
      assertEquals(left.size() + right.size(), out.size());
      assertEquals(left.stream().map(x -> KeyValue.pair(x.key(), x.value())).toList(),
          out.stream().filter(kv -> kv.value() < 500).toList());
      assertEquals(right.stream().map(x -> KeyValue.pair(x.key(), x.value() + 1000)).toList(),
          out.stream().filter(kv -> kv.value() >= 500).toList());
    }
  }
}
