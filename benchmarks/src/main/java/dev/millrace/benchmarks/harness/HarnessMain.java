package dev.millrace.benchmarks.harness;

import dev.millrace.benchmarks.BenchFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end side-by-side harness: pre-generates the payroll input once, runs every selected
 * workload on every selected system, one after another, each in a fresh JVM measured from outside,
 * checks that each run's department totals equal the reference, and prints one table.
 *
 * <p>Exit status: 0 if every run that ran matched, 1 if one did not or failed, 2 for bad
 * arguments.
 */
public final class HarnessMain {
  private static final long CHILD_TIMEOUT_MINUTES = 60;

  private final HarnessOptions options;
  private final PrintStream out;
  private final String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java")
      .toString();
  private KafkaBroker broker;
  private volatile Process child;
  private int runCounter;

  private HarnessMain(HarnessOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) {
    // The Kafka clients log every config at INFO; the harness's own output is the report.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the harness; returns the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    HarnessOptions options;
    try {
      options = HarnessOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    if (options.help) {
      out.print(HarnessOptions.USAGE);
      return 0;
    }
    HarnessMain harness = new HarnessMain(options, out);
    Thread cleanup = new Thread(harness::stopEverything, "harness-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      return harness.runAll();
    } catch (IOException | RuntimeException e) {
      err.println("error: " + e.getMessage());
      e.printStackTrace(err);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("interrupted");
      return 1;
    } finally {
      harness.stopEverything();
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
  }

  private int runAll() throws IOException, InterruptedException {
    boolean ownWorkDir = options.workDir == null;
    Path work = ownWorkDir ? Files.createTempDirectory("millrace-harness-")
        : Files.createDirectories(options.workDir);
    try {
      out.printf("generating %,d records (%,d employees, %d departments, seed %d)%n",
          options.records, options.employees, options.departments, options.seed);
      List<InputRecord> input = InputGenerator.generate(options.records, options.employees,
          options.departments, options.seed);
      List<InputRecord> driverInput = input.subList(0, Math.min(input.size(),
          options.driverRecords));
      Path inputFile = work.resolve("input.bin");
      Path driverInputFile = work.resolve("input-driver.bin");
      InputGenerator.write(inputFile, input);
      InputGenerator.write(driverInputFile, driverInput);

      List<RowResult> results = new ArrayList<>();
      for (Workload workload : options.workloads) {
        Map<Boolean, SortedMap<String, String>> expected = Map.of(
            false, Reference.expected(workload, input).departmentSummary(),
            true, Reference.expected(workload, driverInput).departmentSummary());
        for (SystemRow row : options.systems) {
          var why = row.unavailable(workload);
          if (why.isPresent()) {
            RowResult skipped = RowResult.skipped(workload, row, why.get());
            out.printf("%-9s %-21s skipped: %s%n", workload.id(), row.id(), why.get());
            results.add(skipped);
            continue;
          }
          boolean capped = row.isTestDriver();
          out.printf("%-9s %-21s running %,d records...%n", workload.id(), row.id(),
              capped ? driverInput.size() : input.size());
          RowResult r = runRow(workload, row, capped ? driverInputFile : inputFile,
              capped ? driverInput : input, work);
          checkDepartments(r, expected.get(capped));
          out.printf("%-9s %-21s %s%s%n", workload.id(), row.id(), r.status,
              r.status == RowResult.Status.OK
                  ? String.format(" %.2f s, %,.0f records/s", r.processingSeconds,
                  r.recordsPerSecond())
                  : "");
          for (String d : r.differences) {
            out.println("    " + d);
          }
          results.add(r);
        }
      }
      Report report = new Report(results, options);
      out.println();
      out.print(report.text());
      if (options.markdown != null) {
        Files.writeString(options.markdown, report.markdown(), StandardCharsets.UTF_8);
      }
      if (options.csv != null) {
        Files.writeString(options.csv, report.csv(), StandardCharsets.UTF_8);
      }
      boolean failed = results.stream().anyMatch(r -> r.status == RowResult.Status.MISMATCH
          || r.status == RowResult.Status.ERROR);
      out.println(failed ? "FAILED: a run produced wrong results or did not finish" : "OK");
      return failed ? 1 : 0;
    } finally {
      stopBroker();
      if (ownWorkDir) {
        BenchFiles.deleteRecursively(work);
      }
    }
  }

  private RowResult runRow(Workload workload, SystemRow row, Path inputFile,
      List<InputRecord> input, Path work) throws IOException, InterruptedException {
    String runId = Integer.toString(++runCounter);
    Path runDir = Files.createDirectories(work.resolve("run-" + runId));
    RowResult r = new RowResult(workload, row);
    try {
      if (row.needsBroker() && broker == null) {
        out.println("starting a Kafka broker...");
        broker = KafkaBroker.start(work, javaBinary);
      }
      RowRunner.Context context = new RowRunner.Context(runDir,
          row.needsBroker() ? broker.bootstrapServers() : null,
          row.needsBroker() ? broker.pid() : -1, runId, options.latencyProbes);
      Properties result;
      long start = System.nanoTime();
      if (options.inProcess) {
        result = ChildMain.runAndDescribe(row, workload, input, context);
        ProcStats.ownPeakRssKb().ifPresent(kb -> result.setProperty("rss_kb",
            Long.toString(kb)));
        r.notes.add("in-process: RSS is the harness JVM's");
      } else {
        result = fork(row, workload, inputFile, context, runDir);
      }
      r.wallSeconds = (System.nanoTime() - start) / 1e9;
      read(result, r);
    } catch (IOException | RuntimeException e) {
      r.status = RowResult.Status.ERROR;
      r.differences.add(e.toString());
    } finally {
      BenchFiles.deleteRecursively(runDir);
    }
    return r;
  }

  private Properties fork(SystemRow row, Workload workload, Path inputFile,
      RowRunner.Context context, Path runDir) throws IOException, InterruptedException {
    Path resultFile = runDir.resolve("result.properties");
    Path log = runDir.getParent().resolve("run-" + context.runId() + ".log");
    List<String> command = new ArrayList<>(List.of(javaBinary, "-Xmx" + options.childHeap,
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), ChildMain.class.getName(),
        row.id(), workload.id(), inputFile.toString(), resultFile.toString(),
        context.workDir().toString(), context.runId(),
        Integer.toString(context.latencyProbes())));
    if (context.bootstrapServers() != null) {
      command.add(context.bootstrapServers());
      command.add(Long.toString(context.brokerPid()));
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    child = p;
    try {
      if (!p.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly().waitFor();
        throw new IOException(row.id() + " did not finish within " + CHILD_TIMEOUT_MINUTES
            + " minutes; log " + log);
      }
    } finally {
      child = null;
    }
    if (p.exitValue() != 0 || !Files.exists(resultFile)) {
      throw new IOException(row.id() + " child JVM exited with status " + p.exitValue()
          + " without a result; its output:\n" + tail(log));
    }
    Properties result = new Properties();
    try (Reader in = Files.newBufferedReader(resultFile)) {
      result.load(in);
    }
    Files.deleteIfExists(log);
    return result;
  }

  private static void read(Properties p, RowResult r) {
    r.status = RowResult.Status.valueOf(p.getProperty("status", "ERROR"));
    if (r.status == RowResult.Status.ERROR) {
      r.differences.add(p.getProperty("error", "the run failed without saying why"));
      return;
    }
    r.records = Long.parseLong(p.getProperty("records"));
    r.processingSeconds = Long.parseLong(p.getProperty("proc_ns")) / 1e9;
    long cpu = Long.parseLong(p.getProperty("cpu_ns", "-1"));
    r.cpuSeconds = cpu < 0 ? Double.NaN : cpu / 1e9;
    r.peakRssMb = p.containsKey("rss_kb") ? Long.parseLong(p.getProperty("rss_kb")) / 1024.0
        : Double.NaN;
    r.p50Ms = Double.parseDouble(p.getProperty("p50_ms", "NaN"));
    r.p99Ms = Double.parseDouble(p.getProperty("p99_ms", "NaN"));
    for (int i = 0; p.containsKey("note." + i); i++) {
      r.notes.add(p.getProperty("note." + i));
    }
    for (int i = 0; p.containsKey("diff." + i); i++) {
      r.differences.add(p.getProperty("diff." + i));
    }
    SortedMap<String, String> departments = new TreeMap<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("dept.")) {
        departments.put(name.substring(5), p.getProperty(name));
      }
    }
    r.departmentSummary = departments;
  }

  /** The harness's own check, independent of the child's: department figures equal reference. */
  private static void checkDepartments(RowResult r, SortedMap<String, String> expected) {
    if (r.status != RowResult.Status.OK) {
      return;
    }
    if (!expected.equals(r.departmentSummary)) {
      r.status = RowResult.Status.MISMATCH;
      TreeMap<String, String> all = new TreeMap<>(expected);
      r.departmentSummary.forEach(all::putIfAbsent);
      for (String d : all.keySet()) {
        if (!java.util.Objects.equals(expected.get(d), r.departmentSummary.get(d))) {
          r.differences.add("department " + d + ": expected " + expected.get(d) + ", got "
              + r.departmentSummary.get(d));
        }
      }
    }
  }

  private void stopBroker() {
    KafkaBroker b = broker;
    broker = null;
    if (b != null) {
      out.println("stopping the Kafka broker");
      b.close();
    }
  }

  private void stopEverything() {
    Process c = child;
    if (c != null) {
      c.destroyForcibly();
    }
    stopBroker();
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  static Map<Workload, List<RowResult>> byWorkload(List<RowResult> results) {
    Map<Workload, List<RowResult>> m = new EnumMap<>(Workload.class);
    for (RowResult r : results) {
      m.computeIfAbsent(r.workload, w -> new ArrayList<>()).add(r);
    }
    return m;
  }
}
