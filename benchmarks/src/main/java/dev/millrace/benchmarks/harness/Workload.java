package dev.millrace.benchmarks.harness;

import java.util.List;
import java.util.Locale;

/**
 * The workloads the harness runs on every system. Each reads {@link #INPUT_TOPIC} (key: employee
 * id, value: a {@link SalaryEvent} as text) and writes text keys and values to its output topics:
 *
 * <ul>
 *   <li>{@link #STATELESS}: parse, keep salaries, re-key by department, write the amount to
 *       {@code stateless-out};
 *   <li>{@link #PAYROLL}: each employee's current salary ({@code employee-salary}: employee →
 *       {@code dept,amount}), the sum of current salaries per department with retractions when a
 *       salary changes or moves department ({@code dept-payroll}), and bonuses per department
 *       ({@code dept-bonus});
 *   <li>{@link #WINDOWED}: count and sum of all amounts per department in 1-minute tumbling
 *       event-time windows ({@code dept-window}: {@code dept@windowStartMs} → {@code count,sum}).
 * </ul>
 */
public enum Workload {
  STATELESS("stateless", List.of("stateless-out")),
  PAYROLL("payroll", List.of("employee-salary", "dept-payroll", "dept-bonus")),
  WINDOWED("windowed", List.of("dept-window"));

  /** The topic every workload reads. */
  public static final String INPUT_TOPIC = "salary-updates";
  /** Window size of {@link #WINDOWED}. */
  public static final long WINDOW_MS = 60_000L;
  /**
   * Grace of {@link #WINDOWED}: far beyond any disorder a repartition can introduce in these
   * inputs, so that no record is dropped as late and both systems must give the same counts.
   */
  public static final long WINDOW_GRACE_MS = 24 * 3_600_000L;

  private final String id;
  private final List<String> outputTopics;

  Workload(String id, List<String> outputTopics) {
    this.id = id;
    this.outputTopics = outputTopics;
  }

  /** Name used on the command line and in reports. */
  public String id() {
    return id;
  }

  /** Topics the workload writes, all read back for verification. */
  public List<String> outputTopics() {
    return outputTopics;
  }

  /** True if the output topic is a changelog of a table (latest value per key wins). */
  public boolean isTable(String topic) {
    return !topic.equals("stateless-out");
  }

  /**
   * The workload named {@code id}.
   *
   * @throws IllegalArgumentException listing the known names if there is none
   */
  public static Workload fromId(String id) {
    for (Workload w : values()) {
      if (w.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown workload '" + id
        + "' (known: stateless, payroll, windowed)");
  }
}
