package dev.millrace.examples.payroll;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.runtime.Streams;
import dev.millrace.state.StoreType;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The payroll example end to end: HR and Finance publish while the payroll application runs
 * exactly-once; a progress line shows records processed, records/s and lag; at the end a table
 * shows each department's head count, payroll and bonuses, and the totals are checked
 * against a fold over everything in the input topic. The last line is {@code OK} (exit 0) or
 * {@code MISMATCH} followed by the differences (exit 1).
 */
public final class PayrollApp {
  /** The application id, also the consumer group whose committed offsets give progress. */
  public static final String APPLICATION_ID = "payroll";
  static final int PARTITIONS = 4;
  /** First event time of a fresh input topic: 2024-01-01T00:00:00Z. */
  static final long BASE_EVENT_TIME = 1_704_067_200_000L;
  private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);
  /** Commits every 100 ms publish output; this long without any means the output is final. */
  private static final Duration OUTPUT_IDLE_TIMEOUT = Duration.ofSeconds(5);

  private PayrollApp() {}

  /** Parses the arguments and runs; returns the exit status (2 for bad arguments). */
  public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    PayrollOptions options;
    try {
      options = PayrollOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("payroll: " + e.getMessage());
      return 2;
    }
    if (options.help) {
      out.print(PayrollOptions.USAGE);
      return 0;
    }
    boolean sameLine = System.console() != null;
    if (options.log == PayrollOptions.LogKind.FILE) {
      Path dir = options.dataDir.toAbsolutePath();
      out.println("data directory: " + dir + (Files.exists(dir.resolve("log"))
          ? " (continuing the earlier runs kept there)" : ""));
      try (Log log = FileLog.open(Files.createDirectories(dir.resolve("log")))) {
        return run(options, log, StoreType.PERSISTENT, dir.resolve("state"), out, sameLine);
      }
    }
    Path stateDir = Files.createTempDirectory("millrace-payroll-");
    try (Log log = InMemoryLog.create()) {
      return run(options, log, StoreType.IN_MEMORY, stateDir, out, sameLine);
    } finally {
      deleteTree(stateDir);
    }
  }

  /**
   * Runs one round on {@code log}, which may hold the topics of earlier rounds: their updates
   * count in the totals, and new event times continue after the latest one there.
   */
  static int run(PayrollOptions options, Log log, StoreType stores, Path stateDir,
      PrintStream out, boolean sameLineProgress) throws Exception {
    ensureTopics(log);
    long start = Math.max(BASE_EVENT_TIME, latestEventTime(log) + 1);
    List<SalaryUpdate> updates;
    if (options.updates == 0) {
      // a checking run, e.g. after a crash: finish what the topic holds, publish nothing
      updates = List.of();
      out.printf("--updates 0: publishing nothing; processing what '%s' holds and verifying it%n",
          PayrollTopology.INPUT_TOPIC);
    } else {
      updates = PayrollGenerator.plan(options.employees, options.updates, options.seed, start);
      out.printf("HR and Finance publish %,d updates (%,d hires, %,d raises, moves and bonuses)"
          + " to '%s' (%d partitions, sharded by department)%n", updates.size(),
          options.employees, options.updates, PayrollTopology.INPUT_TOPIC, PARTITIONS);
    }

    StreamsConfig config = StreamsConfig.builder(APPLICATION_ID)
        .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
        .numStreamThreads(2)
        .commitInterval(Duration.ofMillis(100))
        .stateDir(stateDir)
        .build();
    try (Streams streams = new Streams(PayrollTopology.build(stores), config, log)) {
      streams.setStateRestoreListener(new RestoreProgress(out));
      streams.start();
      // stores restore before processing starts; waiting here keeps their report ahead of the
      // progress lines (an ERROR ends the wait too and is reported by followProgress)
      streams.awaitState(Streams.State.RUNNING, STALL_TIMEOUT);
      AtomicReference<Throwable> publishFailure = new AtomicReference<>();
      Thread publisher = new Thread(() -> {
        try {
          PayrollGenerator.publish(log, updates);
        } catch (Throwable t) {
          publishFailure.set(t);
        }
      }, "hr-and-finance");
      publisher.start();
      String stalled = followProgress(log, streams, publisher, out, sameLineProgress);
      publisher.join();
      if (publishFailure.get() != null) {
        throw new IllegalStateException("publishing failed", publishFailure.get());
      }
      if (stalled != null) {
        out.println("MISMATCH");
        out.println(stalled);
        return 1;
      }
      PayrollTotals expected = PayrollTotals.fold(PayrollOutputs.readInput(log));
      try (PayrollOutputs outputs = new PayrollOutputs(log)) {
        PayrollTotals actual = outputs.awaitTotals(expected, OUTPUT_IDLE_TIMEOUT);
        printTable(out, actual, outputs.headCount());
        List<String> differences = new ArrayList<>(expected.differences(actual));
        List<SalaryUpdate> input = PayrollOutputs.readInput(log);
        List<Map.Entry<MonthlyBonuses.Month, Long>> months = MonthlyBonuses.readEmitted(log);
        MonthlyBonuses.print(out, months);
        differences.addAll(MonthlyBonuses.differences(input, months));
        if (differences.isEmpty()) {
          out.println("OK");
          return 0;
        }
        out.println("MISMATCH");
        differences.forEach(d -> out.println("  " + d));
        return 1;
      }
    }
  }

  /**
   * Prints progress until the publisher is done and the application has committed all input;
   * returns why it gave up, or null.
   */
  private static String followProgress(Log log, Streams streams, Thread publisher,
      PrintStream out, boolean sameLine) throws InterruptedException {
    List<TopicPartition> input = PayrollOutputs.partitionsOf(log, PayrollTopology.INPUT_TOPIC);
    // Counts this run's progress only: on a durable log earlier runs' offsets are committed too.
    long before = log.committedOffsets(APPLICATION_ID, input).values().stream()
        .mapToLong(Long::longValue).sum();
    long began = System.nanoTime();
    long lastProcessed = 0;
    long lastChange = System.nanoTime();
    while (true) {
      Thread.sleep(PROGRESS_EVERY.toMillis());
      Map<TopicPartition, Long> committed = log.committedOffsets(APPLICATION_ID, input);
      long processed = -before;
      long lag = 0;
      for (TopicPartition tp : input) {
        long c = committed.getOrDefault(tp, 0L);
        processed += c;
        lag += log.lastStableOffset(tp) - c;
      }
      double seconds = (System.nanoTime() - began) / 1e9;
      String line = String.format("processed %,d records  %,.0f records/s  lag %,d", processed,
          processed / seconds, lag);
      out.print(sameLine ? "\r" + line + "   " : line + System.lineSeparator());
      if (processed != lastProcessed) {
        lastProcessed = processed;
        lastChange = System.nanoTime();
      }
      if (streams.state() == Streams.State.ERROR) {
        out.println();
        return "the application failed (state ERROR); see the log above";
      }
      if (!publisher.isAlive() && lag == 0) {
        if (sameLine) {
          out.println();
        }
        return null;
      }
      if (System.nanoTime() - lastChange > STALL_TIMEOUT.toNanos()) {
        out.println();
        return "no progress for " + STALL_TIMEOUT.toSeconds() + " s with lag " + lag;
      }
    }
  }

  private static void printTable(PrintStream out, PayrollTotals totals,
      Map<String, Integer> headCount) {
    out.println();
    out.printf("%-12s %9s %16s %14s%n", "department", "employees", "payroll", "bonuses");
    long employees = 0;
    long payroll = 0;
    long bonuses = 0;
    for (String d : totals.departments()) {
      int n = headCount.getOrDefault(d, 0);
      long p = totals.payroll().getOrDefault(d, 0L);
      long b = totals.bonuses().getOrDefault(d, 0L);
      out.printf("%-12s %,9d %,16d %,14d%n", d, n, p, b);
      employees += n;
      payroll += p;
      bonuses += b;
    }
    out.printf("%-12s %,9d %,16d %,14d%n%n", "total", employees, payroll, bonuses);
  }

  private static void ensureTopics(Log log) {
    for (String topic : List.of(PayrollTopology.INPUT_TOPIC,
        PayrollTopology.EMPLOYEE_SALARIES_TOPIC, PayrollTopology.DEPARTMENT_PAYROLL_TOPIC,
        PayrollTopology.DEPARTMENT_BONUSES_TOPIC,
        PayrollTopology.DEPARTMENT_MONTHLY_BONUSES_TOPIC)) {
      if (!log.listTopics().contains(topic)) {
        log.createTopic(topic, TopicConfig.partitions(PARTITIONS));
      }
    }
  }

  /** The largest event time in the input topic, or -1 if it is empty. */
  static long latestEventTime(Log log) {
    long latest = -1;
    for (TopicPartition tp : PayrollOutputs.partitionsOf(log, PayrollTopology.INPUT_TOPIC)) {
      // Event times only grow in publication order, so each partition's tail holds its latest.
      long from = Math.max(log.beginningOffset(tp), log.lastStableOffset(tp) - 64);
      ReadResult r = log.read(tp, from, 64, Integer.MAX_VALUE, IsolationLevel.READ_COMMITTED);
      for (StoredRecord s : r.records()) {
        latest = Math.max(latest, s.timestamp());
      }
    }
    return latest;
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
