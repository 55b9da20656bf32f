package dev.millrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.runtime.internal.TopologyPlan;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.TopologyException;
import dev.millrace.streams.kstream.Grouped;
import dev.millrace.streams.kstream.Joined;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joins with tables on the real runtime: partition counts checked and derived when the topology
 * is compiled, and results across several partitions, threads and a restart, exactly once.
 */
class JoinsRuntimeTest {
  private static final String APP = "joins";
  private static final StreamsConfig PLAN_CONFIG = StreamsConfig.builder(APP)
      .defaultKeySerde(Serdes.String()).defaultValueSerde(Serdes.String()).build();

  @TempDir
  Path stateDir;

  @Test
  void joiningTablesWithDifferentPartitionCountsFailsNamingTheTopics() {
    try (InMemoryLog log = InMemoryLog.create()) {
      log.createTopic("customers", TopicConfig.partitions(3));
      log.createTopic("addresses", TopicConfig.partitions(2));
      StreamsBuilder b = new StreamsBuilder();
      KTable<String, String> customers = b.table("customers");
      customers.join(b.<String, String>table("addresses"), (c, a) -> c + a);
      TopologyException e = assertThrows(TopologyException.class,
          () -> TopologyPlan.create(b.build(), PLAN_CONFIG, log));
      assertTrue(e.getMessage().contains("not co-partitioned"), e.getMessage());
      assertTrue(e.getMessage().contains("customers=3") && e.getMessage().contains("addresses=2"),
          e.getMessage());
    }
  }

  @Test
  void joiningAStreamWithATableOfAnotherPartitionCountFailsUnlessTheStreamIsRekeyed() {
    try (InMemoryLog log = InMemoryLog.create()) {
      log.createTopic("customers", TopicConfig.partitions(3));
      log.createTopic("orders", TopicConfig.partitions(5));
      StreamsBuilder direct = new StreamsBuilder();
      direct.<String, String>stream("orders")
          .join(direct.<String, String>table("customers"), (o, c) -> o + c);
      TopologyException e = assertThrows(TopologyException.class,
          () -> TopologyPlan.create(direct.build(), PLAN_CONFIG, log));
      assertTrue(e.getMessage().contains("orders=5") && e.getMessage().contains("customers=3"),
          e.getMessage());

      // re-keyed: the repartition topic takes the table's partition count, not the stream's
      StreamsBuilder rekeyed = new StreamsBuilder();
      rekeyed.<String, String>stream("orders").selectKey((id, o) -> o)
          .join(rekeyed.<String, String>table("customers"), (o, c) -> o + c, Joined.as("by-c"));
      TopologyPlan plan = TopologyPlan.create(rekeyed.build(), PLAN_CONFIG, log);
      assertEquals(3, plan.internalTopics().get(APP + "-by-c-repartition").partitions());
    }
  }

  // ------------------------------------------------------------------ end to end

  /**
   * Orders ({@code id -> customer:item}) re-keyed by customer and joined with the customers
   * table; customers joined with their addresses, and the joined rows counted per city.
   */
  private static Topology topology() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> customers = b.table("customers");
    KTable<String, String> addresses = b.table("addresses");
    b.<String, String>stream("orders")
        .selectKey((id, v) -> v.split(":")[0])
        .join(customers, (v, name) -> v + "@" + name,
            Joined.<String, String, String>as("order-customer"))
        .to("enriched");
    KTable<String, String> located = customers.join(addresses, (name, city) -> name + "@" + city,
        Materialized.as("located"));
    located.toStream().to("located-out");
    located.groupBy((c, v) -> KeyValue.pair(v.split("@")[1], c))
        .count(Materialized.as("per-city")).toStream()
        .to("per-city-out", Produced.with(Serdes.String(), Serdes.Long()));
    return b.build();
  }

  private StreamsConfig config() {
    return StreamsConfig.builder(APP)
        .defaultKeySerde(Serdes.String())
        .defaultValueSerde(Serdes.String())
        .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
        .numStreamThreads(2)
        .cacheMaxBytes(1 << 16)
        .commitInterval(Duration.ofMillis(20))
        .stateDir(stateDir)
        .build();
  }

  private static final Set<String> CONSUMED = Set.of("orders", "customers", "addresses",
      APP + "-order-customer-repartition", APP + "-per-city-repartition");

  private static void produce(InMemoryLog log, String topic, Map<String, String> records,
      long timestamp) {
    List<Map.Entry<String, String>> list = new ArrayList<>();
    records.forEach((k, v) -> list.add(new AbstractMap.SimpleEntry<>(k, v)));
    RuntimeFixture.produce(log, topic, list, Serdes.String().serializer(),
        Serdes.String().serializer(), timestamp);
  }

  /** Runs the application until it has consumed everything, then closes it. */
  private void runToEnd(InMemoryLog log) throws Exception {
    try (Streams streams = new Streams(topology(), config(), log)) {
      streams.start();
      RuntimeFixture.awaitCaughtUp(log, APP, CONSUMED, Duration.ofSeconds(60));
      assertTrue(streams.close(Duration.ofSeconds(30)));
    }
  }

  @Test
  void streamTableAndTableTableJoinsOnThreePartitionsAcrossARestart() throws Exception {
    Random random = new Random(7);
    Map<String, String> customers = new HashMap<>();
    Map<String, String> addresses = new HashMap<>();
    List<String> expectedEnriched = new ArrayList<>();
    try (InMemoryLog log = InMemoryLog.create()) {
      for (String t : List.of("orders", "customers", "addresses", "enriched", "located-out",
          "per-city-out")) {
        log.createTopic(t, TopicConfig.partitions(3));
      }
      Map<String, String> batch = new HashMap<>();
      for (int i = 0; i < 30; i++) {
        batch.put("c" + i, "name" + i);
      }
      produce(log, "customers", batch, 1000);
      customers.putAll(batch);
      batch = new HashMap<>();
      for (int i = 0; i < 30; i += 2) {
        batch.put("c" + i, "city" + (i % 4));
      }
      produce(log, "addresses", batch, 1000);
      addresses.putAll(batch);
      runToEnd(log);

      // orders for known and unknown customers, then a restart
      Map<String, String> orders = orders(random, 0, 300);
      produce(log, "orders", orders, 2000);
      expectEnriched(orders, customers, expectedEnriched);
      runToEnd(log);

      // customers renamed and deleted, addresses moved and deleted; then more orders
      Map<String, String> customerUpdates = new HashMap<>();
      Map<String, String> addressUpdates = new HashMap<>();
      for (int i = 0; i < 30; i++) {
        int roll = random.nextInt(4);
        if (roll == 0) {
          customerUpdates.put("c" + i, null);
        } else if (roll == 1) {
          customerUpdates.put("c" + i, "renamed" + i);
        }
        roll = random.nextInt(4);
        if (roll == 0) {
          addressUpdates.put("c" + i, null);
        } else if (roll == 1) {
          addressUpdates.put("c" + i, "city" + random.nextInt(4));
        }
      }
      try (Streams streams = new Streams(topology(), config(), log)) {
        streams.start();
        produce(log, "customers", customerUpdates, 3000);
        produce(log, "addresses", addressUpdates, 3000);
        apply(customers, customerUpdates);
        apply(addresses, addressUpdates);
        RuntimeFixture.awaitCaughtUp(log, APP, CONSUMED, Duration.ofSeconds(60));
        orders = orders(random, 300, 300);
        produce(log, "orders", orders, 4000);
        expectEnriched(orders, customers, expectedEnriched);
        RuntimeFixture.awaitCaughtUp(log, APP, CONSUMED, Duration.ofSeconds(60));
        assertTrue(streams.close(Duration.ofSeconds(30)));
      }

      List<String> enriched = new ArrayList<>();
      for (StoredRecord r : RuntimeFixture.readAll(log, "enriched")) {
        enriched.add(new String(r.key()) + "=" + new String(r.value()));
      }
      enriched.sort(null);
      expectedEnriched.sort(null);
      assertEquals(expectedEnriched, enriched, "each order joined exactly once");

      Map<String, String> located = new HashMap<>();
      Map<String, Long> perCity = new HashMap<>();
      customers.forEach((c, name) -> {
        String city = addresses.get(c);
        if (city != null) {
          located.put(c, name + "@" + city);
          perCity.merge(city, 1L, Long::sum);
        }
      });
      assertEquals(located, RuntimeFixture.readAsTable(log, "located-out",
          Serdes.String().deserializer(), Serdes.String().deserializer()));
      assertEquals(located, RuntimeFixture.readAsTable(log, APP + "-located-changelog",
          Serdes.String().deserializer(), Serdes.String().deserializer()));
      Map<String, Long> counted = RuntimeFixture.readAsTable(log, "per-city-out",
          Serdes.String().deserializer(), Serdes.Long().deserializer());
      counted.values().removeIf(n -> n == 0);
      assertEquals(perCity, counted);
    }
  }

  /** {@code n} orders {@code o<i> -> c<k>:item<i>}, some for customers that never exist. */
  private static Map<String, String> orders(Random random, int first, int n) {
    Map<String, String> orders = new HashMap<>();
    for (int i = first; i < first + n; i++) {
      orders.put("o" + i, "c" + random.nextInt(36) + ":item" + i);
    }
    return orders;
  }

  private static void expectEnriched(Map<String, String> orders, Map<String, String> customers,
      List<String> expected) {
    orders.forEach((id, v) -> {
      String customer = v.split(":")[0];
      String name = customers.get(customer);
      if (name != null) {
        expected.add(customer + "=" + v + "@" + name);
      }
    });
  }

  private static void apply(Map<String, String> table, Map<String, String> updates) {
    updates.forEach((k, v) -> {
      if (v == null) {
        table.remove(k);
      } else {
        table.put(k, v);
      }
    });
  }
}
