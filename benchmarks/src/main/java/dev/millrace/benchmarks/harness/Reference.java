package dev.millrace.benchmarks.harness;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The obviously correct answer: each workload folded over the whole input in offset order, with
 * none of the machinery (partitions, caches, repartitioning) that the systems under test use.
 */
public final class Reference {
  private Reference() {}

  /** The results {@code workload} must produce from {@code input}. */
  public static Results expected(Workload workload, List<InputRecord> input) {
    Results r = new Results(workload);
    switch (workload) {
      case STATELESS -> {
        for (InputRecord record : input) {
          SalaryEvent e = SalaryEvent.parse(record.value());
          if (!e.bonus()) {
            r.addStreamRecord(e.department(), e.amount());
          }
        }
      }
      case PAYROLL -> {
        Map<String, SalaryEvent> current = new HashMap<>();
        Map<String, Long> bonus = new HashMap<>();
        for (InputRecord record : input) {
          SalaryEvent e = SalaryEvent.parse(record.value());
          if (e.bonus()) {
            bonus.merge(e.department(), e.amount(), Long::sum);
          } else {
            current.put(record.key(), e);
          }
        }
        Map<String, Long> payroll = new HashMap<>();
        current.forEach((employee, e) -> {
          r.put("employee-salary", employee, e.department() + "," + e.amount());
          payroll.merge(e.department(), e.amount(), Long::sum);
        });
        payroll.forEach((d, total) -> r.put("dept-payroll", d, Long.toString(total)));
        bonus.forEach((d, total) -> r.put("dept-bonus", d, Long.toString(total)));
      }
      case WINDOWED -> {
        Map<String, long[]> windows = new HashMap<>();
        for (InputRecord record : input) {
          SalaryEvent e = SalaryEvent.parse(record.value());
          long start = record.timestamp() - Math.floorMod(record.timestamp(), Workload.WINDOW_MS);
          long[] t = windows.computeIfAbsent(e.department() + "@" + start, k -> new long[2]);
          t[0]++;
          t[1] += e.amount();
        }
        windows.forEach((k, t) -> r.put("dept-window", k, t[0] + "," + t[1]));
      }
    }
    return r;
  }
}
