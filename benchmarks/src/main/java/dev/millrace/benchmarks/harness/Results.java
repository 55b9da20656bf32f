package dev.millrace.benchmarks.harness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a workload produced, reduced to what must match: the final value of every key of every
 * table topic, and per department the count and sum of the records of the stream topic. Built
 * either by the {@link Reference} from the input or from a system's output records.
 */
public final class Results {
  private final Workload workload;
  private final Map<String, Map<String, String>> tables = new HashMap<>();
  private final Map<String, long[]> streamTotals = new HashMap<>();
  private long streamRecords;

  public Results(Workload workload) {
    this.workload = Objects.requireNonNull(workload, "workload");
    for (String topic : workload.outputTopics()) {
      if (workload.isTable(topic)) {
        tables.put(topic, new HashMap<>());
      }
    }
  }

  public Workload workload() {
    return workload;
  }

  /** The table written to {@code topic}; "0" totals and tombstones are stored as absent. */
  Map<String, String> table(String topic) {
    Map<String, String> table = tables.get(topic);
    if (table == null) {
      throw new IllegalArgumentException("'" + topic + "' is not a table topic of "
          + workload.id());
    }
    return table;
  }

  /**
   * Sets a table key, returning the previous value. A null or {@code "0"} value removes the key:
   * a department whose employees all left has total 0 in one system and no entry in another,
   * which mean the same.
   */
  String put(String topic, String key, String value) {
    Map<String, String> table = table(topic);
    return isAbsent(value) ? table.remove(key) : table.put(key, value);
  }

  static boolean isAbsent(String value) {
    return value == null || value.equals("0");
  }

  /** Adds one stream record of {@code amount} for {@code department}. */
  void addStreamRecord(String department, long amount) {
    long[] t = streamTotals.computeIfAbsent(department, d -> new long[2]);
    t[0]++;
    t[1] += amount;
    streamRecords++;
  }

  /** Stream records seen. */
  long streamRecords() {
    return streamRecords;
  }

  /**
   * One line per department with the figures that must agree across systems: count and sum of the
   * stream output, payroll and bonus totals, or count and sum over all of the department's windows.
   */
  public SortedMap<String, String> departmentSummary() {
    SortedMap<String, String> out = new TreeMap<>();
    switch (workload) {
      case STATELESS ->
          streamTotals.forEach((d, t) -> out.put(d, "count=" + t[0] + " sum=" + t[1]));
      case PAYROLL -> {
        Map<String, String> payroll = table("dept-payroll");
        Map<String, String> bonus = table("dept-bonus");
        TreeMap<String, String> departments = new TreeMap<>(payroll);
        departments.putAll(bonus);
        for (String d : departments.keySet()) {
          out.put(d, "payroll=" + payroll.getOrDefault(d, "0") + " bonus="
              + bonus.getOrDefault(d, "0"));
        }
      }
      case WINDOWED -> {
        Map<String, long[]> perDepartment = new TreeMap<>();
        table("dept-window").forEach((key, value) -> {
          int at = key.lastIndexOf('@');
          int comma = value.indexOf(',');
          long[] t = perDepartment.computeIfAbsent(at < 0 ? key : key.substring(0, at),
              d -> new long[2]);
          t[0] += Long.parseLong(value, 0, comma, 10);
          t[1] += Long.parseLong(value, comma + 1, value.length(), 10);
        });
        perDepartment.forEach((d, t) -> out.put(d, "count=" + t[0] + " sum=" + t[1]));
      }
    }
    return out;
  }

  /**
   * Where {@code actual} differs from this (the expected results), at most {@code max} lines,
   * each naming the topic and key; empty if they agree.
   */
  public List<String> differences(Results actual, int max) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> t : new TreeMap<>(tables).entrySet()) {
      Map<String, String> got = actual.table(t.getKey());
      TreeMap<String, String> keys = new TreeMap<>();
      t.getValue().forEach(keys::put);
      got.forEach(keys::putIfAbsent);
      for (String key : keys.keySet()) {
        String want = t.getValue().get(key);
        String have = got.get(key);
        if (!Objects.equals(want, have) && out.size() < max) {
          out.add(t.getKey() + " key " + key + ": expected " + want + ", got " + have);
        }
      }
    }
    TreeMap<String, long[]> departments = new TreeMap<>(streamTotals);
    actual.streamTotals.forEach(departments::putIfAbsent);
    for (String d : departments.keySet()) {
      long[] want = streamTotals.getOrDefault(d, new long[2]);
      long[] have = actual.streamTotals.getOrDefault(d, new long[2]);
      if ((want[0] != have[0] || want[1] != have[1]) && out.size() < max) {
        out.add("stateless-out department " + d + ": expected count=" + want[0] + " sum="
            + want[1] + ", got count=" + have[0] + " sum=" + have[1]);
      }
    }
    return out;
  }
}
