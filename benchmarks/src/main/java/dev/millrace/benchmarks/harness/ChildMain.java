package dev.millrace.benchmarks.harness;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Entry point of the fresh JVM that runs one workload on one system: reads the pre-generated
 * input, computes the expected results, runs, and writes what it measured to a result file that
 * {@link HarnessMain} reads back. Not meant to be started by hand.
 *
 * <p>Arguments: {@code row workload inputFile resultFile workDir runId latencyProbes
 * [bootstrap brokerPid]}.
 */
public final class ChildMain {
  private ChildMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 7 && args.length != 9) {
      System.err.println("usage: ChildMain row workload inputFile resultFile workDir runId "
          + "latencyProbes [bootstrap brokerPid]");
      System.exit(2);
    }
    SystemRow row = SystemRow.fromId(args[0]);
    Workload workload = Workload.fromId(args[1]);
    Path input = Path.of(args[2]);
    Path resultFile = Path.of(args[3]);
    RowRunner.Context context = new RowRunner.Context(Path.of(args[4]),
        args.length == 9 ? args[7] : null, args.length == 9 ? Long.parseLong(args[8]) : -1,
        args[5], Integer.parseInt(args[6]));
    Properties result = runAndDescribe(row, workload, InputGenerator.read(input), context);
    ProcStats.ownPeakRssKb().ifPresent(kb -> result.setProperty("rss_kb", Long.toString(kb)));
    try (Writer out = Files.newBufferedWriter(resultFile)) {
      result.store(out, row.id() + " " + workload.id());
    }
    // Kafka clients and RocksDB may leave non-daemon threads behind; the result is written.
    System.exit(0);
  }

  /** Runs one row and returns its result file contents (everything but the RSS). */
  static Properties runAndDescribe(SystemRow row, Workload workload, List<InputRecord> input,
      RowRunner.Context context) {
    Properties p = new Properties();
    try {
      Results expected = Reference.expected(workload, input);
      RunMeasurement m = row.runner().run(workload, input, expected, context);
      List<String> differences = expected.differences(m.observed, 20);
      p.setProperty("status", differences.isEmpty() ? "OK" : "MISMATCH");
      p.setProperty("records", Long.toString(m.records));
      p.setProperty("proc_ns", Long.toString(m.processingNanos));
      p.setProperty("cpu_ns", Long.toString(m.cpuNanos));
      p.setProperty("p50_ms", Double.toString(m.p50Ms));
      p.setProperty("p99_ms", Double.toString(m.p99Ms));
      for (int i = 0; i < differences.size(); i++) {
        p.setProperty("diff." + i, differences.get(i));
      }
      for (int i = 0; i < m.notes.size(); i++) {
        p.setProperty("note." + i, m.notes.get(i));
      }
      for (Map.Entry<String, String> d : m.observed.departmentSummary().entrySet()) {
        p.setProperty("dept." + d.getKey(), d.getValue());
      }
    } catch (Exception | Error e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      p.setProperty("status", "ERROR");
      p.setProperty("error", trace.toString());
    }
    return p;
  }
}
