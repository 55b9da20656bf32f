package dev.millrace.examples.payroll;

import dev.millrace.examples.TestFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.Log;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.file.FileLog;
import dev.millrace.serialization.Serdes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real crashes: the payroll example runs as a child JVM on the file log with RocksDB stores
 * (exactly once, the default) and is killed with SIGKILL at random moments, again and again, each
 * time restarted on the same data directory with new updates to publish. Kills land while the
 * JVM starts, while the log recovers, while stores restore, while HR publishes, mid-transaction
 * and mid-commit. A last run with {@code --updates 0} must publish nothing, catch up and print
 * {@code OK}; then this test checks every department total and every employee's salary against a
 * fold over the whole input topic, and that no commit was repeated.
 */
class PayrollKillTest {
  private static final int KILLS = 20;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private Process start(Path data, Path output, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "dev.millrace.examples.Main", "payroll", "--log", "file",
        "--data-dir", data.toString()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
  }

  @Test
  @Timeout(240)
  void theExampleSurvivesRepeatedSigkillWithExactResults() throws Exception {
    Path data = dir.resolve("data");
    Random random = new Random(2026);
    int kills = 0;
    int finishedBeforeTheKill = 0;
    // a run may finish before its kill lands (fine: a clean stop between crashes); go on until
    // KILLS kills have landed
    for (int run = 0; kills < KILLS; run++) {
      assertTrue(run < 3 * KILLS, "runs keep finishing before the kill: " + run);
      Path output = dir.resolve("run-" + run + ".txt");
      Process child = start(data, output, "--employees", "300", "--updates", "30000",
          "--seed", Integer.toString(run));
      // JVM start takes ~0.5 s: some kills hit start-up and recovery, most hit processing
      boolean exited = child.waitFor(200 + random.nextInt(2300), TimeUnit.MILLISECONDS);
      if (exited) {
        assertEquals(0, child.exitValue(), Files.readString(output));
        finishedBeforeTheKill++;
        continue;
      }
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "killed child did not die");
      kills++;
    }
    long inputBefore = inputRecords(data);

    Path output = dir.resolve("final.txt");
    Process last = start(data, output, "--updates", "0");
    assertTrue(last.waitFor(120, TimeUnit.SECONDS), "the checking run did not finish");
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertEquals(0, last.exitValue(), text);
    List<String> lines = text.lines().toList();
    assertEquals("OK", lines.get(lines.size() - 1), text);
    assertEquals(inputBefore, inputRecords(data), "--updates 0 published nothing");
    assertTrue(inputBefore > 0);

    try (Log log = FileLog.openReadOnly(data.resolve("log"))) {
      List<SalaryUpdate> input = PayrollOutputs.readInput(log);
      PayrollTotals expected = PayrollTotals.fold(input);
      try (PayrollOutputs outputs = new PayrollOutputs(log)) {
        while (outputs.poll() > 0) {
          // read every committed output record
        }
        assertEquals(List.of(), expected.differences(outputs.totals()));
        assertEquals(expected, outputs.totals());
      }
      assertEquals(currentSalaries(input), latest(log, PayrollTopology.EMPLOYEE_SALARIES_TOPIC));
      assertNoRepeatedCommit(log);
    }
    System.out.printf("payroll survived %d SIGKILLs (%d runs finished first); %,d input"
        + " records verified%n", kills, finishedBeforeTheKill, inputBefore);
  }

  private static long inputRecords(Path data) {
    try (Log log = FileLog.openReadOnly(data.resolve("log"))) {
      return PayrollOutputs.readInput(log).size();
    }
  }

  /** Each employee's salary update with the latest event time, straight from the input. */
  private static Map<String, SalaryUpdate> currentSalaries(List<SalaryUpdate> input) {
    Map<String, SalaryUpdate> out = new TreeMap<>();
    for (SalaryUpdate u : input) {
      if (u.isSalary()) {
        out.merge(u.employeeId(), u, (a, b) -> b.eventTime() >= a.eventTime() ? b : a);
      }
    }
    return out;
  }

  private static Map<String, SalaryUpdate> latest(Log log, String topic) {
    Map<String, SalaryUpdate> out = new TreeMap<>();
    for (StoredRecord r : TestFiles.readCommitted(log, PayrollOutputs.partitionsOf(log, topic))) {
      String key = Serdes.String().deserializer().deserialize(topic, r.key());
      SalaryUpdate u = SalaryUpdateSerde.serde().deserializer().deserialize(topic, r.value());
      if (u == null) {
        out.remove(key);
      } else {
        out.put(key, u);
      }
    }
    return out;
  }

  /**
   * Bonus totals only grow, and each commit publishes a department's total at most once: a commit
   * published twice, or input counted twice and then undone, would show as a total that does not
   * grow from one committed record of the department to the next.
   */
  private static void assertNoRepeatedCommit(Log log) {
    String topic = PayrollTopology.DEPARTMENT_BONUSES_TOPIC;
    Map<String, Long> previous = new HashMap<>();
    for (StoredRecord r : TestFiles.readCommitted(log, PayrollOutputs.partitionsOf(log, topic))) {
      String department = Serdes.String().deserializer().deserialize(topic, r.key());
      long total = Serdes.Long().deserializer().deserialize(topic, r.value());
      Long before = previous.put(department, total);
      assertTrue(before == null || total > before, department + " bonus total went from "
          + before + " to " + total + " at offset " + r.offset());
    }
  }
}
