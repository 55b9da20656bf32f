package dev.millrace.benchmarks.harness;

import dev.millrace.serialization.Serde;
import dev.millrace.serialization.Serdes;
import dev.millrace.state.StoreType;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.Topology;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Grouped;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.KTable;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;

/**
 * The harness workloads written for Millrace, operator for operator the same as {@link
 * KafkaStreamsTopologies}. Windowed aggregation is not in the Millrace DSL yet, so {@link
 * Workload#WINDOWED} has no Millrace topology.
 */
final class MillraceTopologies {
  private static final Serde<String> STRING = Serdes.String();
  private static final Serde<Long> LONG = Serdes.Long();

  private MillraceTopologies() {}

  /** True if {@code workload} can be built with the Millrace DSL of this build. */
  static boolean supports(Workload workload) {
    return workload != Workload.WINDOWED;
  }

  /**
   * The topology of {@code workload}, with stores of the given type.
   *
   * @throws UnsupportedOperationException for a workload {@link #supports} rejects
   */
  static Topology build(Workload workload, StoreType stores) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, SalaryEvent> events = builder
        .stream(Workload.INPUT_TOPIC, Consumed.with(STRING, STRING))
        .mapValues(SalaryEvent::parse);
    Produced<String, String> text = Produced.with(STRING, STRING);
    switch (workload) {
      case STATELESS -> events
          .filter((employee, e) -> !e.bonus())
          .map((employee, e) -> KeyValue.pair(e.department(), Long.toString(e.amount())))
          .to("stateless-out", text);
      case PAYROLL -> {
        KTable<String, String> current = events
            .filter((employee, e) -> !e.bonus())
            .mapValues(e -> e.department() + "," + e.amount())
            .groupByKey(Grouped.with(STRING, STRING))
            .reduce((previous, latest) -> latest, Materialized.<String, String>as(
                "employee-salary-store").withKeySerde(STRING).withValueSerde(STRING)
                .withStoreType(stores));
        current.toStream().to("employee-salary", text);
        current
            .groupBy((employee, v) -> KeyValue.pair(KafkaStreamsTopologies.departmentOf(v),
                KafkaStreamsTopologies.amountOf(v)), Grouped.with(STRING, LONG))
            .reduce(Long::sum, (total, removed) -> total - removed,
                Materialized.<String, Long>with(STRING, LONG).withStoreType(stores))
            .toStream()
            .mapValues(total -> Long.toString(total))
            .to("dept-payroll", text);
        events
            .filter((employee, e) -> e.bonus())
            .map((employee, e) -> KeyValue.pair(e.department(), e.amount()))
            .groupByKey(Grouped.with(STRING, LONG))
            .reduce(Long::sum, Materialized.<String, Long>with(STRING, LONG).withStoreType(stores))
            .toStream()
            .mapValues(total -> Long.toString(total))
            .to("dept-bonus", text);
      }
      case WINDOWED -> throw new UnsupportedOperationException(
          "the Millrace DSL has no windowed aggregation yet");
    }
    return builder.build();
  }
}
