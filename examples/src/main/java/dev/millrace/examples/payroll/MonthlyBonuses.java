package dev.millrace.examples.payroll;

import dev.millrace.clients.Consumer;
import dev.millrace.clients.ConsumerConfig;
import dev.millrace.clients.ConsumerRecord;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.TopicPartition;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.kstream.Windowed;
import dev.millrace.streams.kstream.WindowedSerdes;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The monthly bonus totals: the reference fold over the input, the final results the application
 * emitted to {@value PayrollTopology#DEPARTMENT_MONTHLY_BONUSES_TOPIC}, and the check that they
 * agree: each emitted month once and equal to the fold, and every month that surely closed
 * emitted.
 */
final class MonthlyBonuses {
  /** One department's bonus month, starting at {@code startMs} (a multiple of 30 days). */
  record Month(String department, long startMs) {}

  private static final Comparator<Month> ORDER =
      Comparator.comparingLong(Month::startMs).thenComparing(Month::department);

  private static final int SHOWN_MONTHS = 2;

  private MonthlyBonuses() {}

  static long monthStart(long eventTime) {
    long size = PayrollTopology.MONTH.toMillis();
    return eventTime - Math.floorMod(eventTime, size);
  }

  /** Bonus sums per department and 30-day month over all updates. */
  static Map<Month, Long> fold(Collection<SalaryUpdate> updates) {
    Map<Month, Long> out = new TreeMap<>(ORDER);
    for (SalaryUpdate u : updates) {
      if (u.isBonus()) {
        out.merge(new Month(u.department(), monthStart(u.eventTime())), u.amount(), Long::sum);
      }
    }
    return out;
  }

  /** Every committed record of the monthly topic, in partition order. */
  static List<Map.Entry<Month, Long>> readEmitted(Log log) {
    List<Map.Entry<Month, Long>> out = new ArrayList<>();
    ConsumerConfig config = ConsumerConfig.builder()
        .isolationLevel(IsolationLevel.READ_COMMITTED).build();
    try (Consumer<Windowed<String>, Long> c = Consumer.create(log, config,
        WindowedSerdes.windowed(Serdes.String()).deserializer(), Serdes.Long().deserializer())) {
      List<TopicPartition> partitions = PayrollOutputs.partitionsOf(log,
          PayrollTopology.DEPARTMENT_MONTHLY_BONUSES_TOPIC);
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>();
      for (TopicPartition tp : partitions) {
        end.put(tp, log.lastStableOffset(tp));
      }
      while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<Windowed<String>, Long> r : c.poll(Duration.ofMillis(100))) {
          out.add(Map.entry(new Month(r.key().key(), r.key().startMs()), r.value()));
        }
      }
    }
    return out;
  }

  /**
   * What is wrong with {@code emitted} given the {@code input} it was computed from; empty if
   * nothing. Each emitted month must appear once and equal the fold of the input, and every month
   * that has surely closed must have been emitted.
   *
   * <p>A month surely closed once its own department has a bonus at or after the month's end plus
   * grace: the window's stream time is that of its task, which saw every bonus of the department
   * (each department goes to one partition). Salary updates say nothing about it: they never reach
   * the windows, and after a crash they may run days ahead of the last bonus that reached the log,
   * since HR and Finance publish through producers that buffer separately.
   */
  static List<String> differences(Collection<SalaryUpdate> input,
      List<Map.Entry<Month, Long>> emitted) {
    Map<Month, Long> expected = fold(input);
    Map<String, Long> latestBonus = new HashMap<>();
    for (SalaryUpdate u : input) {
      if (u.isBonus()) {
        latestBonus.merge(u.department(), u.eventTime(), Math::max);
      }
    }
    List<String> out = new ArrayList<>();
    Map<Month, Long> seen = new TreeMap<>(ORDER);
    for (Map.Entry<Month, Long> e : emitted) {
      if (seen.put(e.getKey(), e.getValue()) != null) {
        out.add(e.getKey() + " emitted more than once");
      }
      if (!e.getValue().equals(expected.get(e.getKey()))) {
        out.add(e.getKey() + ": expected " + expected.get(e.getKey()) + ", got " + e.getValue());
      }
    }
    long span = PayrollTopology.MONTH.toMillis() + PayrollTopology.MONTH_GRACE.toMillis();
    for (Month m : expected.keySet()) {
      if (m.startMs() + span <= latestBonus.get(m.department()) && !seen.containsKey(m)) {
        out.add(m + " closed but was not emitted");
      }
    }
    return out;
  }

  /** Prints how many department-months were emitted and the rows of the latest few months. */
  static void print(PrintStream out, List<Map.Entry<Month, Long>> emitted) {
    TreeMap<Month, Long> sorted = new TreeMap<>(ORDER);
    emitted.forEach(e -> sorted.put(e.getKey(), e.getValue()));
    long months = sorted.keySet().stream().mapToLong(Month::startMs).distinct().count();
    out.printf("monthly bonuses: %,d closed department-months over %,d months emitted to '%s'%s%n",
        sorted.size(), months, PayrollTopology.DEPARTMENT_MONTHLY_BONUSES_TOPIC,
        months > SHOWN_MONTHS ? "; the latest " + SHOWN_MONTHS + ":" : ":");
    long firstShown = sorted.keySet().stream().mapToLong(Month::startMs).distinct().sorted()
        .skip(Math.max(0, months - SHOWN_MONTHS)).findFirst().orElse(Long.MAX_VALUE);
    out.printf("%-12s %-12s %14s%n", "month from", "department", "bonuses");
    sorted.forEach((m, total) -> {
      if (m.startMs() >= firstShown) {
        out.printf("%-12s %-12s %,14d%n",
            Instant.ofEpochMilli(m.startMs()).toString().substring(0, 10), m.department(), total);
      }
    });
    out.println();
  }
}
