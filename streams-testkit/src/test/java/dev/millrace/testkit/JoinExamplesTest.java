package dev.millrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.serialization.Serdes;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.kstream.Grouped;
import dev.millrace.streams.kstream.Joined;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Named;
import dev.millrace.streams.kstream.Suppressed;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stream-table and table-table joins on small, Kafka-documentation-style examples. */
class JoinExamplesTest {
  private static StreamsConfig config() {
    return StreamsConfig.builder("joins")
        .defaultKeySerde(Serdes.String())
        .defaultValueSerde(Serdes.String())
        .build();
  }

  private static TestInputTopic<String, String> in(TopologyTestDriver d, String topic) {
    return d.createInputTopic(topic, Serdes.String().serializer(), Serdes.String().serializer());
  }

  private static TestOutputTopic<String, String> out(TopologyTestDriver d, String topic) {
    return d.createOutputTopic(topic, Serdes.String().deserializer(),
        Serdes.String().deserializer());
  }

  private static List<KeyValue<String, String>> pairs(String... kvs) {
    return Arrays.stream(kvs).map(s -> {
      String[] kv = s.split("=", -1);
      return KeyValue.pair(kv[0], kv[1].equals("null") ? null : kv[1]);
    }).toList();
  }

  @Test
  void ordersAreEnrichedWithTheCustomerAsItIsWhenTheOrderArrives() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> customers = b.table("customers");
    KStream<String, String> orders = b.stream("orders");
    orders.join(customers, (order, customer) -> order + " for " + customer).to("enriched");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      TestInputTopic<String, String> c = in(d, "customers");
      TestInputTopic<String, String> o = in(d, "orders");
      c.pipeInput("c1", "ann");
      o.pipeInput("c1", "book");
      o.pipeInput("c2", "pen");
      c.pipeInput("c1", "bob");
      c.pipeInput("c2", "cat");
      o.pipeInput("c1", "ink");
      c.pipeInput("c2", null);
      o.pipeInput("c2", "cup");
      assertEquals(pairs("c1=book for ann", "c1=ink for bob"),
          out(d, "enriched").readKeyValuesToList());
      assertEquals(0, d.metrics().recordsSkipped());
    }
  }

  @Test
  void innerJoinSkipsNullKeysAndValuesLeftJoinJoinsNullKeysWithNull() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> customers = b.table("customers");
    KStream<String, String> orders = b.stream("orders");
    orders.join(customers, (order, customer) -> order + "+" + customer).to("inner");
    orders.leftJoin(customers, (order, customer) -> order + "+" + customer).to("left");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      in(d, "customers").pipeInput("c1", "ann");
      TestInputTopic<String, String> o = in(d, "orders");
      o.pipeInput("c1", "book");
      o.pipeInput("c9", "pen");
      o.pipeInput(null, "cash");
      o.pipeInput("c1", null);
      assertEquals(pairs("c1=book+ann"), out(d, "inner").readKeyValuesToList());
      assertEquals(List.of(KeyValue.pair("c1", "book+ann"), KeyValue.pair("c9", "pen+null"),
          KeyValue.pair(null, "cash+null")), out(d, "left").readKeyValuesToList());
      // inner: null key and null value; left: null value
      assertEquals(3, d.metrics().recordsSkipped());
    }
  }

  @Test
  void aRekeyedStreamIsRepartitionedBeforeTheJoin() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> customers = b.table("customers");
    // orders keyed by order id, value "customer:item"
    b.<String, String>stream("orders")
        .selectKey((id, v) -> v.split(":")[0])
        .join(customers, (v, customer) -> v.split(":")[1] + " for " + customer,
            Joined.<String, String, String>as("order-customer").withKeySerde(Serdes.String()))
        .to("enriched");
    Topology topology = b.build();
    assertTrue(topology.describe().contains("<application.id>-order-customer-repartition"),
        topology.describe());
    try (TopologyTestDriver d = new TopologyTestDriver(topology, config())) {
      in(d, "customers").pipeKeyValueList(pairs("c1=ann", "c2=bob"));
      in(d, "orders").pipeKeyValueList(pairs("o1=c1:book", "o2=c2:pen", "o3=c3:ink"));
      assertEquals(pairs("c1=book for ann", "c2=pen for bob"),
          out(d, "enriched").readKeyValuesToList());
      assertTrue(d.log().listTopics().contains("joins-order-customer-repartition"));
    }
  }

  @Test
  void theRepartitionTopicUsesJoinedSerdesElseTheTablesKeySerde() {
    // keys are integers, the default key serde is for strings: serdes must come from somewhere
    StreamsBuilder b = new StreamsBuilder();
    KTable<Integer, String> products = b.table("products",
        dev.millrace.streams.kstream.Consumed.with(Serdes.Integer(), Serdes.String()));
    KStream<String, String> sales = b.stream("sales");
    KStream<Integer, String> byProduct = sales.selectKey((id, v) -> Integer.valueOf(v));
    byProduct.join(products, (v, name) -> name).to("inferred",
        dev.millrace.streams.kstream.Produced.with(Serdes.Integer(), Serdes.String()));
    byProduct.leftJoin(products, (v, name) -> v + ":" + name,
            Joined.with(Serdes.Integer(), Serdes.String(), Serdes.String()).withName("given"))
        .to("given", dev.millrace.streams.kstream.Produced.with(Serdes.Integer(),
            Serdes.String()));
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      d.createInputTopic("products", Serdes.Integer().serializer(), Serdes.String().serializer())
          .pipeInput(7, "lamp");
      in(d, "sales").pipeKeyValueList(pairs("s1=7", "s2=8"));
      assertEquals(List.of(KeyValue.pair(7, "lamp")), d.createOutputTopic("inferred",
          Serdes.Integer().deserializer(), Serdes.String().deserializer()).readKeyValuesToList());
      assertEquals(List.of(KeyValue.pair(7, "7:lamp"), KeyValue.pair(8, "8:null")),
          d.createOutputTopic("given", Serdes.Integer().deserializer(),
              Serdes.String().deserializer()).readKeyValuesToList());
    }
  }

  @Test
  void nullKeysSelectedUpstreamAreSkippedByInnerAndJoinedWithNullByLeftJoins() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> customers = b.table("customers");
    KStream<String, String> rekeyed = b.<String, String>stream("orders")
        .selectKey((id, v) -> v.startsWith("?") ? null : v.split(":")[0]);
    rekeyed.join(customers, (v, c) -> v + "/" + c, Joined.as("inner")).to("inner");
    rekeyed.leftJoin(customers, (v, c) -> v + "/" + c, Joined.as("left")).to("left");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      in(d, "customers").pipeInput("c1", "ann");
      in(d, "orders").pipeKeyValueList(pairs("o1=c1:book", "o2=?:pen"));
      assertEquals(pairs("c1=c1:book/ann"), out(d, "inner").readKeyValuesToList());
      assertEquals(List.of(KeyValue.pair("c1", "c1:book/ann"), KeyValue.pair(null, "?:pen/null")),
          out(d, "left").readKeyValuesToList());
      assertEquals(1, d.metrics().recordsSkipped());
    }
  }

  @Test
  void tablesDerivedWithoutAStoreAreReadThroughTheirUpstreamStore() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> vip = b.<String, String>table("customers")
        .filter((id, name) -> name.startsWith("v")).mapValues(String::toUpperCase);
    b.<String, String>stream("orders").leftJoin(vip, (o, c) -> o + "/" + c).to("out");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      in(d, "customers").pipeKeyValueList(pairs("c1=vera", "c2=bob"));
      in(d, "orders").pipeKeyValueList(pairs("c1=a", "c2=b"));
      in(d, "customers").pipeInput("c1", "ann");
      in(d, "orders").pipeInput("c1", "c");
      assertEquals(pairs("c1=a/VERA", "c2=b/null", "c1=c/null"),
          out(d, "out").readKeyValuesToList());
    }
  }

  @Test
  void aSuppressedTableIsMaterializedToBeJoined() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> rates = b.<String, String>table("rates")
        .suppress(Suppressed.untilTimeLimit(Duration.ofMillis(10),
            Suppressed.BufferConfig.unbounded()));
    b.<String, String>stream("payments").join(rates, (p, r) -> p + "@" + r).to("out");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      in(d, "rates").pipeInput("eur", "1.1", 0L);
      in(d, "payments").pipeInput("eur", "5", 1L);
      in(d, "rates").pipeInput("usd", "1.0", 20L);
      in(d, "payments").pipeInput("eur", "7", 21L);
      assertEquals(pairs("eur=7@1.1"), out(d, "out").readKeyValuesToList());
    }
  }

  @Test
  void tableTableInnerJoinFollowsBothSidesAndDeletesRowsThatStopJoining() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> prices = b.table("prices");
    KTable<String, String> stock = b.table("stock");
    prices.join(stock, (p, q) -> String.valueOf(Integer.parseInt(p) * Integer.parseInt(q)))
        .toStream().to("value");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      in(d, "prices").pipeInput("apple", "3");
      in(d, "stock").pipeInput("apple", "10");
      in(d, "prices").pipeInput("apple", "4");
      in(d, "stock").pipeInput("apple", null);
      in(d, "stock").pipeInput("pear", "5");
      assertEquals(pairs("apple=30", "apple=40", "apple=null"),
          out(d, "value").readKeyValuesToList());
    }
  }

  @Test
  void tableTableLeftAndOuterJoins() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> orders = b.table("orders");
    KTable<String, String> shipments = b.table("shipments");
    orders.leftJoin(shipments, (o, s) -> s == null ? "open" : "shipped").toStream().to("left");
    orders.outerJoin(shipments, (o, s) -> o + "|" + s, Named.as("orders-shipments"))
        .toStream().to("outer");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      in(d, "orders").pipeInput("o1", "book");
      in(d, "shipments").pipeInput("o1", "ups");
      in(d, "shipments").pipeInput("o2", "dhl");
      in(d, "shipments").pipeInput("o1", null);
      in(d, "orders").pipeInput("o1", null);
      assertEquals(pairs("o1=open", "o1=shipped", "o1=open", "o1=null"),
          out(d, "left").readKeyValuesToList());
      assertEquals(pairs("o1=book|null", "o1=book|ups", "o2=null|dhl", "o1=book|null",
          "o1=null"), out(d, "outer").readKeyValuesToList());
    }
  }

  @Test
  void aggregationsDownstreamOfAJoinRetractOldJoinedRows() {
    // employees: name -> department; departments: department -> region; headcount per region
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> employees = b.table("employees");
    KTable<String, String> regions = b.table("regions");
    KTable<String, String> byDept = employees.toStream()
        .toTable(Materialized.as("employee-dept"));
    // re-key employees by department first: a table keyed by department holding "name,name"
    KTable<String, String> staff = byDept
        .groupBy((name, dept) -> KeyValue.pair(dept, name))
        .aggregate(() -> "", (dept, name, agg) -> agg + name + ",",
            (dept, name, agg) -> agg.replace(name + ",", ""), Materialized.as("staff"));
    staff.join(regions, (names, region) -> region + ":" + names,
            Materialized.as("staff-with-region"))
        .groupBy((dept, v) -> KeyValue.pair(v.split(":")[0],
            String.valueOf(v.split(":", -1)[1].split(",", -1).length - 1)),
            Grouped.with(Serdes.String(), Serdes.String()))
        .reduce((a, x) -> String.valueOf(Integer.parseInt(a) + Integer.parseInt(x)),
            (a, x) -> String.valueOf(Integer.parseInt(a) - Integer.parseInt(x)),
            Materialized.as("headcount"));
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      in(d, "regions").pipeKeyValueList(pairs("eng=emea", "ops=apac"));
      in(d, "employees").pipeKeyValueList(pairs("ann=eng", "bob=eng", "cat=ops"));
      assertEquals("2", d.<String, String>getKeyValueStore("headcount").get("emea"));
      assertEquals("1", d.<String, String>getKeyValueStore("headcount").get("apac"));
      in(d, "regions").pipeInput("eng", "apac");
      in(d, "employees").pipeInput("cat", null);
      assertEquals("0", d.<String, String>getKeyValueStore("headcount").get("emea"));
      assertEquals("2", d.<String, String>getKeyValueStore("headcount").get("apac"));
      assertEquals("apac:ann,bob,",
          d.<String, String>getKeyValueStore("staff-with-region").get("eng"));
    }
  }

  @Test
  void describeShowsTheJoinNodesAndTheStoresTheyRead() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> customers = b.table("customers", dev.millrace.streams.kstream.Consumed
        .with(Serdes.String(), Serdes.String()), Materialized.as("customers-store"));
    KTable<String, String> accounts = b.table("accounts", dev.millrace.streams.kstream.Consumed
        .with(Serdes.String(), Serdes.String()), Materialized.as("accounts-store"));
    b.<String, String>stream("orders").join(customers, (o, c) -> o + c,
        Joined.as("enrich")).to("out");
    customers.join(accounts, (c, a) -> c + a, Named.as("customer-account"),
        Materialized.as("customer-account-store"));
    String described = b.build().describe();
    assertTrue(described.contains("Processor: enrich (stores: [customers-store])"), described);
    assertTrue(described.contains(
        "Processor: customer-account-join-this (stores: [accounts-store])"), described);
    assertTrue(described.contains(
        "Processor: customer-account-join-other (stores: [customers-store])"), described);
    assertTrue(described.contains("Processor: customer-account (stores: [])"), described);
    assertTrue(described.contains("Store: customer-account-store"), described);
    // everything reading the customers' store is one sub-topology
    assertEquals(2, described.split("Sub-topology:").length, described);
    String dot = b.build().toDot();
    assertTrue(dot.contains("\"enrich\" -> \"store:customers-store\""), dot);
  }

  @Test
  void joiningTablesOfAnotherBuilderIsRejected() {
    StreamsBuilder one = new StreamsBuilder();
    StreamsBuilder two = new StreamsBuilder();
    KTable<String, String> a = one.table("a");
    KTable<String, String> t = two.table("b");
    assertThrows(IllegalArgumentException.class, () -> a.join(t, (x, y) -> x + y));
    assertThrows(IllegalArgumentException.class,
        () -> one.<String, String>stream("s").join(t, (x, y) -> x + y));
  }

  @Test
  void materializedJoinResultsAreQueryable() {
    StreamsBuilder b = new StreamsBuilder();
    KTable<String, String> l = b.table("l");
    KTable<String, String> r = b.table("r");
    l.outerJoin(r, (x, y) -> x + "," + y, Materialized.as("joined"));
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      in(d, "l").pipeKeyValueList(pairs("a=1", "b=2"));
      in(d, "r").pipeKeyValueList(pairs("b=3", "c=4"));
      in(d, "l").pipeInput("a", null);
      Map<String, String> got = new java.util.TreeMap<>();
      try (var it = d.<String, String>getKeyValueStore("joined").all()) {
        it.forEachRemaining(kv -> got.put(kv.key(), kv.value()));
      }
      assertEquals(Map.of("b", "2,3", "c", "null,4"), got);
    }
  }
}
