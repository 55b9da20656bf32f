package dev.millrace.examples.payroll;

import dev.millrace.clients.Consumer;
import dev.millrace.clients.ConsumerConfig;
import dev.millrace.clients.ConsumerRecord;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.TopicPartition;
import dev.millrace.serialization.Serdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The payroll application's results as its output topics tell them (read_committed, latest value
 * per key), and the input topic read back in full for the reference. Everything goes through the
 * consumer API, never through the generator's memory, so the check also holds for a run that
 * continues an earlier one on a durable log.
 */
final class PayrollOutputs implements AutoCloseable {
  private final Consumer<String, byte[]> reader;
  private final Map<String, Long> payroll = new HashMap<>();
  private final Map<String, Long> bonuses = new HashMap<>();
  private final Map<String, SalaryUpdate> employees = new HashMap<>();

  PayrollOutputs(Log log) {
    reader = Consumer.create(log, readCommitted(), Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(PayrollTopology.DEPARTMENT_PAYROLL_TOPIC,
        PayrollTopology.DEPARTMENT_BONUSES_TOPIC, PayrollTopology.EMPLOYEE_SALARIES_TOPIC)) {
      partitions.addAll(partitionsOf(log, topic));
    }
    reader.assign(partitions);
    reader.seekToBeginning(partitions);
  }

  /**
   * Reads output until the totals equal {@code expected} or nothing new arrives for
   * {@code idle}; returns the totals as last seen.
   */
  PayrollTotals awaitTotals(PayrollTotals expected, Duration idle) {
    long lastNews = System.nanoTime();
    PayrollTotals now = totals();
    while (!now.equals(expected) && System.nanoTime() - lastNews < idle.toNanos()) {
      if (poll() > 0) {
        lastNews = System.nanoTime();
        now = totals();
      }
    }
    return now;
  }

  /** Reads what is there now; returns the number of records read. */
  int poll() {
    int n = 0;
    for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(50))) {
      n++;
      switch (r.topic()) {
        case PayrollTopology.DEPARTMENT_PAYROLL_TOPIC -> put(payroll, r.key(), money(r));
        case PayrollTopology.DEPARTMENT_BONUSES_TOPIC -> put(bonuses, r.key(), money(r));
        default -> {
          SalaryUpdate u = SalaryUpdateSerde.serde().deserializer().deserialize(r.topic(),
              r.value());
          if (u == null) {
            employees.remove(r.key());
          } else {
            employees.put(r.key(), u);
          }
        }
      }
    }
    return n;
  }

  PayrollTotals totals() {
    return new PayrollTotals(new TreeMap<>(payroll), new TreeMap<>(bonuses));
  }

  /** Employees per department, from the current salaries the application published. */
  Map<String, Integer> headCount() {
    Map<String, Integer> out = new TreeMap<>();
    employees.values().forEach(u -> out.merge(u.department(), 1, Integer::sum));
    return out;
  }

  @Override
  public void close() {
    reader.close();
  }

  /** Every committed update in the input topic, read from the beginning. */
  static List<SalaryUpdate> readInput(Log log) {
    List<SalaryUpdate> all = new ArrayList<>();
    try (Consumer<String, SalaryUpdate> input = Consumer.create(log, readCommitted(),
        Serdes.String().deserializer(), SalaryUpdateSerde.serde().deserializer())) {
      List<TopicPartition> partitions = partitionsOf(log, PayrollTopology.INPUT_TOPIC);
      input.assign(partitions);
      input.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>();
      for (TopicPartition tp : partitions) {
        end.put(tp, log.lastStableOffset(tp));
      }
      while (partitions.stream().anyMatch(tp -> input.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, SalaryUpdate> r : input.poll(Duration.ofMillis(100))) {
          all.add(r.value());
        }
      }
    }
    return all;
  }

  static List<TopicPartition> partitionsOf(Log log, String topic) {
    List<TopicPartition> out = new ArrayList<>();
    for (int p = 0; p < log.describeTopic(topic).partitions(); p++) {
      out.add(new TopicPartition(topic, p));
    }
    return out;
  }

  private static ConsumerConfig readCommitted() {
    return ConsumerConfig.builder().isolationLevel(IsolationLevel.READ_COMMITTED)
        .maxPollRecords(10_000).build();
  }

  private static Long money(ConsumerRecord<String, byte[]> r) {
    return Serdes.Long().deserializer().deserialize(r.topic(), r.value());
  }

  private static void put(Map<String, Long> totals, String department, Long total) {
    if (total == null) {
      totals.remove(department);
    } else {
      totals.put(department, total);
    }
  }
}
