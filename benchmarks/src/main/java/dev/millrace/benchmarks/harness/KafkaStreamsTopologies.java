package dev.millrace.benchmarks.harness;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * The harness workloads written for Apache Kafka Streams, operator for operator the same as the
 * Millrace ones, with Kafka Streams' default (RocksDB) stores and record caches.
 */
final class KafkaStreamsTopologies {
  private static final Serde<String> STRING = Serdes.String();
  private static final Serde<Long> LONG = Serdes.Long();
  private static final Serde<CountSum> COUNT_SUM = Serdes.serdeFrom(
      (topic, v) -> v == null ? null : v.toBytes(),
      (topic, b) -> b == null ? null : CountSum.fromBytes(topic, b));

  private KafkaStreamsTopologies() {}

  /**
   * The topology of {@code workload}; {@code topic} maps each logical topic name to the physical
   * one, so that several runs can share one broker.
   */
  static Topology build(Workload workload, UnaryOperator<String> topic) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, SalaryEvent> events = builder
        .stream(topic.apply(Workload.INPUT_TOPIC), Consumed.with(STRING, STRING))
        .mapValues(SalaryEvent::parse);
    Produced<String, String> text = Produced.with(STRING, STRING);
    switch (workload) {
      case STATELESS -> events
          .filter((employee, e) -> !e.bonus())
          .map((employee, e) -> KeyValue.pair(e.department(), Long.toString(e.amount())))
          .to(topic.apply("stateless-out"), text);
      case PAYROLL -> {
        KTable<String, String> current = events
            .filter((employee, e) -> !e.bonus())
            .mapValues(e -> e.department() + "," + e.amount())
            .groupByKey(Grouped.with(STRING, STRING))
            .reduce((previous, latest) -> latest,
                Materialized.<String, String, org.apache.kafka.streams.state.KeyValueStore<
                    org.apache.kafka.common.utils.Bytes, byte[]>>as("employee-salary-store")
                    .withKeySerde(STRING).withValueSerde(STRING));
        current.toStream().to(topic.apply("employee-salary"), text);
        current
            .groupBy((employee, v) -> KeyValue.pair(departmentOf(v), amountOf(v)),
                Grouped.with(STRING, LONG))
            .reduce(Long::sum, (total, removed) -> total - removed, Materialized.with(STRING, LONG))
            .toStream()
            .mapValues(total -> Long.toString(total))
            .to(topic.apply("dept-payroll"), text);
        events
            .filter((employee, e) -> e.bonus())
            .map((employee, e) -> KeyValue.pair(e.department(), e.amount()))
            .groupByKey(Grouped.with(STRING, LONG))
            .reduce(Long::sum, Materialized.with(STRING, LONG))
            .toStream()
            .mapValues(total -> Long.toString(total))
            .to(topic.apply("dept-bonus"), text);
      }
      case WINDOWED -> events
          .map((employee, e) -> KeyValue.pair(e.department(), e.amount()))
          .groupByKey(Grouped.with(STRING, LONG))
          .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(Workload.WINDOW_MS),
              Duration.ofMillis(Workload.WINDOW_GRACE_MS)))
          .aggregate(() -> CountSum.ZERO, (department, amount, agg) -> agg.add(amount),
              Materialized.with(STRING, COUNT_SUM))
          .toStream()
          .map((window, agg) -> KeyValue.pair(window.key() + "@" + window.window().start(),
              agg.format()))
          .to(topic.apply("dept-window"), text);
    }
    return builder.build();
  }

  /** Department of an {@code employee-salary} value {@code dept,amount}. */
  static String departmentOf(String current) {
    return current.substring(0, current.indexOf(','));
  }

  /** Amount of an {@code employee-salary} value {@code dept,amount}. */
  static long amountOf(String current) {
    return Long.parseLong(current, current.indexOf(',') + 1, current.length(), 10);
  }
}
