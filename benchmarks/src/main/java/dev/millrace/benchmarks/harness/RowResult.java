package dev.millrace.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the report: a workload on a system, as measured. {@code wallSeconds} is measured from
 * outside the child JVM (start to exit); {@code processingSeconds} is the child's processing window
 * and the base of {@code recordsPerSecond}; CPU is the child's over that window.
 */
final class RowResult {
  enum Status { OK, MISMATCH, ERROR, SKIPPED }

  final Workload workload;
  final SystemRow row;
  Status status;
  long records;
  double wallSeconds = Double.NaN;
  double processingSeconds = Double.NaN;
  double cpuSeconds = Double.NaN;
  double peakRssMb = Double.NaN;
  double p50Ms = Double.NaN;
  double p99Ms = Double.NaN;
  final List<String> notes = new ArrayList<>();
  final List<String> differences = new ArrayList<>();
  java.util.SortedMap<String, String> departmentSummary = new java.util.TreeMap<>();

  RowResult(Workload workload, SystemRow row) {
    this.workload = workload;
    this.row = row;
  }

  static RowResult skipped(Workload workload, SystemRow row, String why) {
    RowResult r = new RowResult(workload, row);
    r.status = Status.SKIPPED;
    r.notes.add("skipped: " + why);
    return r;
  }

  double recordsPerSecond() {
    return status == Status.OK && processingSeconds > 0 ? records / processingSeconds : Double.NaN;
  }
}
