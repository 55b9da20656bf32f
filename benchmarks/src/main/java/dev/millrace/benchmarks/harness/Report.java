package dev.millrace.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The harness's table, as aligned text, Markdown and CSV. Each Millrace row also gets its
 * records/s as a ratio to the Kafka Streams rows of the same workload and kind (test driver with
 * test driver, running application with broker rows; above 1: Millrace faster).
 */
final class Report {
  private static final String[] HEADER = {"workload", "system", "mode", "records", "wall s",
      "proc s", "records/s", "CPU s", "peak RSS MB", "p50 ms", "p99 ms", "status",
      "vs Kafka Streams", "notes"};

  private final List<RowResult> rows;
  private final HarnessOptions options;

  Report(List<RowResult> rows, HarnessOptions options) {
    this.rows = List.copyOf(rows);
    this.options = options;
  }

  String text() {
    List<String[]> cells = cells();
    int[] width = new int[HEADER.length];
    for (String[] row : cells) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : cells) {
      for (int i = 0; i < row.length; i++) {
        boolean number = i >= 3 && i <= 10;
        String fmt = "%" + (number ? "" : "-") + width[i] + "s";
        sb.append(String.format(fmt, row[i])).append(i + 1 < row.length ? "  " : "");
      }
      sb.append(String.format("%n"));
    }
    sb.append(legend());
    return sb.toString();
  }

  String markdown() {
    List<String[]> cells = cells();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "Millrace vs Apache Kafka Streams: %,d records (test-driver rows: at most %,d), "
            + "%,d employees, %d departments, seed %d, %d cores (%s %s)%n%n",
        options.records, options.driverRecords, options.employees, options.departments,
        options.seed, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version")));
    for (int r = 0; r < cells.size(); r++) {
      sb.append("| ");
      for (String c : cells.get(r)) {
        sb.append(c.replace("|", "\\|")).append(" | ");
      }
      sb.setLength(sb.length() - 1);
      sb.append('\n');
      if (r == 0) {
        sb.append("|");
        for (int i = 0; i < HEADER.length; i++) {
          sb.append(i >= 3 && i <= 10 ? "---:|" : "---|");
        }
        sb.append('\n');
      }
    }
    sb.append('\n').append(legend());
    return sb.toString();
  }

  /**
   * Columns {@code workload,system,mode,records,wall_s,records_per_s,cpu_s,peak_rss_mb,p50_ms,
   * p99_ms}, one line per run that counted.
   */
  String csv() {
    StringBuilder sb = new StringBuilder(
        "workload,system,mode,records,wall_s,records_per_s,cpu_s,peak_rss_mb,p50_ms,p99_ms\n");
    for (RowResult r : rows) {
      if (r.status != RowResult.Status.OK) {
        continue;
      }
      sb.append(String.join(",", r.workload.id(), r.row.id(), quote(r.row.mode()),
          Long.toString(r.records), num(r.wallSeconds, 3), num(r.recordsPerSecond(), 0),
          num(r.cpuSeconds, 3), num(r.peakRssMb, 1), num(r.p50Ms, 3), num(r.p99Ms, 3)))
          .append('\n');
    }
    return sb.toString();
  }

  private List<String[]> cells() {
    List<String[]> out = new ArrayList<>();
    out.add(HEADER);
    for (RowResult r : rows) {
      boolean ok = r.status == RowResult.Status.OK;
      List<String> notes = new ArrayList<>(r.notes);
      if (!ok && !r.differences.isEmpty()) {
        notes.add(r.differences.get(0).lines().findFirst().orElse(""));
      }
      out.add(new String[] {
          r.workload.id(), r.row.id(), r.row.mode(),
          ok ? String.format("%,d", r.records) : "",
          fmt(r.wallSeconds, 1), fmt(r.processingSeconds, 2),
          ok ? String.format("%,.0f", r.recordsPerSecond()) : "",
          fmt(r.cpuSeconds, 1), fmt(r.peakRssMb, 0),
          latency(r, r.p50Ms), latency(r, r.p99Ms),
          r.status.toString(), ratios(r), String.join("; ", notes)});
    }
    return out;
  }

  private String ratios(RowResult r) {
    if (r.row.isKafkaStreams() || r.status != RowResult.Status.OK) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (RowResult k : rows) {
      // Test drivers are compared with test drivers, running applications with running ones.
      if (k.workload == r.workload && k.row.isKafkaStreams() && k.status == RowResult.Status.OK
          && k.row.isTestDriver() == r.row.isTestDriver()) {
        parts.add(String.format("%.2fx %s", r.recordsPerSecond() / k.recordsPerSecond(),
            k.row.id()));
      }
    }
    return String.join(", ", parts);
  }

  private static String latency(RowResult r, double ms) {
    if (r.status != RowResult.Status.OK) {
      return "";
    }
    return Double.isNaN(ms) ? "N/A" : String.format("%.2f", ms);
  }

  private static String legend() {
    return String.format("wall s: child JVM start to exit, measured outside (includes JVM start,"
        + " loading the input, verification). proc s: from the start of processing pre-loaded"
        + " input until the output read back equals the reference; records/s = records / proc s;"
        + " CPU s: the child's CPU in that window. peak RSS: the child's VmHWM. p50/p99:"
        + " append of a probe record to its output being visible to a read_committed consumer,"
        + " probes fed at 500/s into the running application after the verified run; N/A for"
        + " the synchronous test drivers.%n");
  }

  private static String fmt(double v, int decimals) {
    return Double.isNaN(v) ? "" : String.format("%,." + decimals + "f", v);
  }

  private static String num(double v, int decimals) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
