package dev.millrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.millrace.serialization.Serdes;
import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.KeyValueStore;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.kstream.Grouped;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Predicate;
import dev.millrace.streams.kstream.ValueJoiner;
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
 * Stream-table and table-table joins through the driver against a reference model: two maps
 * holding the tables' current rows, and the joins computed from them record by record, over
 * random interleavings of stream records and updates of both tables (deletions and null keys
 * included), piped in random batch sizes with the cache off, tiny (evicting all the time) or
 * roomy.
 *
 * <p>Stream-table joins see the latest row, so their output is exact in every configuration.
 * Table-table joins are exact without a cache; with one, updates collapse, so the final joined
 * table is compared instead, and every emitted update is checked to be consistent: a downstream
 * aggregation keeps the multiset of joined rows, adding each update's new row and removing its
 * old one, and a removal of a row that was never added is recorded and fails the property.
 */
class JoinProperties {
  enum Topic { STREAM, LEFT, RIGHT }

  record Op(Topic topic, String key, String value) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Topic> topics = Arbitraries.of(Topic.class);
    Arbitrary<String> keys = Arbitraries.of("a", "b", "c", "d").injectNull(0.08);
    Arbitrary<String> values = Arbitraries.of("0", "1", "2", "3", "4").injectNull(0.15);
    return Combinators.combine(topics, keys, values).as(Op::new).list().ofMaxSize(60);
  }

  @Provide
  Arbitrary<Long> cacheSizes() {
    return Arbitraries.of(0L, 2_000L, 1L << 20);
  }

  private static StreamsConfig config(long cache) {
    return StreamsConfig.builder("join-props")
        .defaultKeySerde(Serdes.String())
        .defaultValueSerde(Serdes.String())
        .cacheMaxBytes(cache)
        .build();
  }

  private static final ValueJoiner<String, String, String> JOINER = (l, r) -> l + "|" + r;
  /** The left table seen through a filter and a mapValues, which have no store of their own. */
  private static final Predicate<String, String> KEEP = (k, v) -> !v.equals("0");

  private static String derived(String v) {
    return v == null || v.equals("0") ? null : "m" + v;
  }

  /** A table-table join of the test topology: its kind and whether its left side is derived. */
  enum TableJoin {
    INNER, LEFT, OUTER, OUTER_DERIVED;

    String topic() {
      return "tt-" + name().toLowerCase();
    }

    boolean derivedLeft() {
      return this == OUTER_DERIVED;
    }

    String join(String l, String r) {
      boolean joins = switch (this) {
        case INNER -> l != null && r != null;
        case LEFT -> l != null;
        case OUTER, OUTER_DERIVED -> l != null || r != null;
      };
      return joins ? JOINER.apply(l, r) : null;
    }
  }

  // ------------------------------------------------------------------ reference model

  static final class Reference {
    final Map<String, String> left = new HashMap<>();
    final Map<String, String> right = new HashMap<>();
    final Map<String, List<KeyValue<String, String>>> out = new LinkedHashMap<>();
    long skipped;

    void apply(Op op) {
      switch (op.topic()) {
        case STREAM -> stream(op.key(), op.value());
        case LEFT -> left(op.key(), op.value());
        case RIGHT -> right(op.key(), op.value());
      }
    }

    private void emit(String topic, String key, String value) {
      out.computeIfAbsent(topic, t -> new ArrayList<>()).add(KeyValue.pair(key, value));
    }

    private void stream(String k, String v) {
      if (v == null) {
        skipped += 3;
        return;
      }
      if (k == null) {
        skipped++;
        emit("st-left", null, JOINER.apply(v, null));
        emit("st-left-derived", null, JOINER.apply(v, null));
        return;
      }
      String row = left.get(k);
      if (row != null) {
        emit("st-inner", k, JOINER.apply(v, row));
      }
      emit("st-left", k, JOINER.apply(v, row));
      emit("st-left-derived", k, JOINER.apply(v, derived(row)));
    }

    private void left(String k, String v) {
      if (k == null) {
        skipped++;
        return;
      }
      String old = v == null ? left.remove(k) : left.put(k, v);
      if (v == null && old == null) {
        return; // deleting an absent row changes nothing
      }
      String r = right.get(k);
      for (TableJoin j : TableJoin.values()) {
        String n = j.derivedLeft() ? derived(v) : v;
        String o = j.derivedLeft() ? derived(old) : old;
        if (n == null && o == null) {
          continue; // the filter drops the change
        }
        change(j, k, j.join(n, r), j.join(o, r));
      }
    }

    private void right(String k, String v) {
      if (k == null) {
        skipped++;
        return;
      }
      String old = v == null ? right.remove(k) : right.put(k, v);
      if (v == null && old == null) {
        return;
      }
      for (TableJoin j : TableJoin.values()) {
        String l = j.derivedLeft() ? derived(left.get(k)) : left.get(k);
        change(j, k, j.join(l, v), j.join(l, old));
      }
    }

    private void change(TableJoin j, String k, String newValue, String oldValue) {
      if (newValue != null || oldValue != null) {
        emit(j.topic(), k, newValue);
      }
    }

    /** The joined table as it stands now. */
    Map<String, String> joined(TableJoin j) {
      Map<String, String> m = new TreeMap<>();
      for (String k : List.of("a", "b", "c", "d")) {
        String l = j.derivedLeft() ? derived(left.get(k)) : left.get(k);
        String v = j.join(l, right.get(k));
        if (v != null) {
          m.put(k, v);
        }
      }
      return m;
    }

    List<KeyValue<String, String>> out(String topic) {
      return out.getOrDefault(topic, List.of());
    }
  }

  // ------------------------------------------------------------------ multiset aggregation

  private static String add(String multiset, String entry) {
    List<String> entries = entries(multiset);
    entries.add(entry);
    entries.sort(null);
    return String.join(";", entries);
  }

  private static String remove(String multiset, String entry) {
    List<String> entries = entries(multiset);
    if (!entries.remove(entry)) {
      entries.add("MISSING(" + entry + ")");
    }
    return String.join(";", entries);
  }

  private static List<String> entries(String multiset) {
    List<String> entries = new ArrayList<>();
    if (!multiset.isEmpty()) {
      entries.addAll(List.of(multiset.split(";")));
    }
    return entries;
  }

  private static String multiset(Map<String, String> table) {
    List<String> entries = new ArrayList<>();
    table.forEach((k, v) -> entries.add(k + "=" + v));
    entries.sort(null);
    return String.join(";", entries);
  }

  /** Keeps the multiset of the table's rows under the key "all" in store {@code name}. */
  private static void rowsOf(KTable<String, String> table, String name) {
    table.groupBy((k, v) -> KeyValue.pair("all", k + "=" + v),
            Grouped.with(Serdes.String(), Serdes.String()))
        .aggregate(() -> "", (k, v, agg) -> add(agg, v), (k, v, agg) -> remove(agg, v),
            Materialized.as(name));
  }

  // ------------------------------------------------------------------ the property

  @Property(tries = 120)
  void joinsEqualTheReference(@ForAll("ops") List<Op> ops,
      @ForAll @IntRange(min = 1, max = 8) int batch, @ForAll("cacheSizes") long cache) {
    // one input topic carries all three, so that updates of both tables (and stream records)
    // fall between the same two commits and wait in both stores' caches at once
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> all = b.stream("in");
    KStream<String, String> s = part(all, Topic.STREAM);
    KTable<String, String> l = part(all, Topic.LEFT).toTable(Materialized.as("l"));
    KTable<String, String> r = part(all, Topic.RIGHT).toTable(Materialized.as("r"));
    KTable<String, String> lDerived = l.filter(KEEP).mapValues(v -> "m" + v);
    s.join(l, JOINER).to("st-inner");
    s.leftJoin(l, JOINER).to("st-left");
    s.leftJoin(lDerived, JOINER).to("st-left-derived");
    Map<TableJoin, KTable<String, String>> joins = new LinkedHashMap<>();
    joins.put(TableJoin.INNER, l.join(r, JOINER, Materialized.as("inner-store")));
    joins.put(TableJoin.LEFT, l.leftJoin(r, JOINER));
    joins.put(TableJoin.OUTER, l.outerJoin(r, JOINER));
    joins.put(TableJoin.OUTER_DERIVED, lDerived.outerJoin(r, JOINER));
    joins.forEach((j, t) -> {
      t.toStream().to(j.topic());
      rowsOf(t, j.topic() + "-rows");
    });

    Reference ref = new Reference();
    ops.forEach(ref::apply);

    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config(cache))) {
      TestInputTopic<String, String> in = input(d, "in");
      for (int i = 0; i < ops.size(); i += batch) {
        in.pipeKeyValueList(ops.subList(i, Math.min(ops.size(), i + batch)).stream()
            .map(op -> KeyValue.pair(op.key(),
                op.topic().name() + ":" + (op.value() == null ? "-" : op.value())))
            .toList());
      }

      for (String t : List.of("st-inner", "st-left", "st-left-derived")) {
        assertEquals(ref.out(t), output(d, t).readKeyValuesToList(), t);
      }
      for (TableJoin j : TableJoin.values()) {
        List<KeyValue<String, String>> got = output(d, j.topic()).readKeyValuesToList();
        if (cache == 0) {
          assertEquals(ref.out(j.topic()), got, j.topic());
        }
        assertEquals(ref.joined(j), asTable(got), j.topic() + " final table");
        // no aggregate before the first update; "" once every row was retracted again
        assertEquals(multiset(ref.joined(j)), java.util.Objects.requireNonNullElse(
            d.<String, String>getKeyValueStore(j.topic() + "-rows").get("all"), ""),
            j.topic() + " rows aggregated from its updates");
      }
      assertEquals(ref.joined(TableJoin.INNER), contents(d.getKeyValueStore("inner-store")));
      assertEquals(ref.skipped, d.metrics().recordsSkipped());
    }
  }

  /** The records of one logical topic, with their real value ("-" stands for null). */
  private static KStream<String, String> part(KStream<String, String> all, Topic topic) {
    String prefix = topic.name() + ":";
    return all.filter((k, v) -> v.startsWith(prefix))
        .mapValues(v -> v.endsWith(":-") ? null : v.substring(prefix.length()));
  }

  private static TestInputTopic<String, String> input(TopologyTestDriver d, String topic) {
    return d.createInputTopic(topic, Serdes.String().serializer(), Serdes.String().serializer());
  }

  private static TestOutputTopic<String, String> output(TopologyTestDriver d, String topic) {
    return d.createOutputTopic(topic, Serdes.String().deserializer(),
        Serdes.String().deserializer());
  }

  private static Map<String, String> asTable(List<KeyValue<String, String>> updates) {
    Map<String, String> m = new TreeMap<>();
    for (KeyValue<String, String> kv : updates) {
      if (kv.value() == null) {
        m.remove(kv.key());
      } else {
        m.put(kv.key(), kv.value());
      }
    }
    return m;
  }

  private static Map<String, String> contents(KeyValueStore<String, String> store) {
    Map<String, String> m = new TreeMap<>();
    try (KeyValueIterator<String, String> it = store.all()) {
      it.forEachRemaining(kv -> m.put(kv.key(), kv.value()));
    }
    return m;
  }
}
