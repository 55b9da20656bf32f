package dev.millrace.examples.payroll;

import dev.millrace.examples.TestFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.clients.Producer;
import dev.millrace.clients.ProducerConfig;
import dev.millrace.clients.ProducerRecord;
import dev.millrace.log.Log;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.serialization.Serdes;
import dev.millrace.state.StoreType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole example on the real runtime: 4 partitions, 2 threads, input sharded by department. */
class PayrollAppTest {

  private static String run(Log log, Path stateDir, int expectedExit, String... args)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int exit = PayrollApp.run(PayrollOptions.parse(args), log, StoreType.IN_MEMORY, stateDir, out,
        false);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(expectedExit, exit, text);
    return text;
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().toList();
    return lines.get(lines.size() - 1);
  }

  @Test
  void aRunEndsWithATableAndOk(@TempDir Path dir) throws Exception {
    try (Log log = InMemoryLog.create()) {
      String out = run(log, dir, 0, "--employees", "40", "--updates", "2000", "--seed", "3");
      assertEquals("OK", lastLine(out));
      assertTrue(out.contains("processed 2,040 records"), out);
      assertTrue(out.lines().anyMatch(l -> l.matches("total\\s+40\\s+[0-9,]+\\s+[0-9,]+")), out);
      assertEquals(8, out.lines().filter(l -> !l.startsWith("total") && l.matches("[a-z]+\\s+[0-9]+\\s+[0-9,]+\\s+[0-9,]+"))
          .count(), "one line per department");
    }
  }

  @Test
  void aSecondRunOnTheSameLogVerifiesEverythingInTheTopic(@TempDir Path dir) throws Exception {
    try (Log log = InMemoryLog.create()) {
      run(log, dir.resolve("1"), 0, "--employees", "30", "--updates", "500", "--seed", "1");
      long before = PayrollApp.latestEventTime(log);
      String second = run(log, dir.resolve("2"), 0, "--employees", "30", "--updates", "700",
          "--seed", "2");
      assertEquals("OK", lastLine(second));
      assertEquals(30 + 500 + 30 + 700, PayrollOutputs.readInput(log).size());
      assertTrue(PayrollApp.latestEventTime(log) > before);
    }
  }

  @Test
  void withZeroUpdatesARunPublishesNothingAndVerifiesWhatIsThere(@TempDir Path dir)
      throws Exception {
    try (Log log = InMemoryLog.create()) {
      run(log, dir.resolve("1"), 0, "--employees", "20", "--updates", "300");
      String check = run(log, dir.resolve("2"), 0, "--updates", "0");
      assertEquals("OK", lastLine(check));
      assertTrue(check.contains("publishing nothing"), check);
      assertEquals(20 + 300, PayrollOutputs.readInput(log).size());
    }
  }

  @Test
  void onTheFileLogALaterRunContinuesTheEarlierOne(@TempDir Path dir) throws Exception {
    String data = dir.resolve("data").toString();
    for (String seed : new String[] {"1", "2"}) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      int exit = PayrollApp.run(new String[] {"--log", "file", "--data-dir", data,
          "--employees", "25", "--updates", "400", "--seed", seed}, out, out);
      String text = bytes.toString(StandardCharsets.UTF_8);
      assertEquals(0, exit, text);
      assertEquals("OK", lastLine(text));
      assertEquals(seed.equals("2"), text.contains("continuing the earlier runs"), text);
      assertTrue(text.contains("processed 425 records"), "counts this run only: " + text);
    }
    try (Log log = dev.millrace.log.file.FileLog.open(dir.resolve("data").resolve("log"))) {
      assertEquals(2 * (25 + 400), PayrollOutputs.readInput(log).size());
    }
  }

  @Test
  void restorationIsShownWhenStoresAreRebuiltAndNotAfterACleanStop(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("data");
    String[] args = {"--log", "file", "--data-dir", data.toString(), "--updates", "0"};
    String first = runMain(new String[] {"--log", "file", "--data-dir", data.toString(),
        "--employees", "25", "--updates", "400", "--seed", "1"});
    assertFalse(first.contains("restor"), "nothing to restore on the first run: " + first);

    String clean = runMain(args);
    assertFalse(clean.contains("restor"), "a clean restart restores nothing: " + clean);

    TestFiles.deleteTree(data.resolve("state"));
    String rebuilt = runMain(args);
    List<String> lines = rebuilt.lines().filter(l -> l.startsWith("restored store ")).toList();
    assertFalse(lines.isEmpty(), rebuilt);
    java.util.regex.Pattern shape = java.util.regex.Pattern.compile(
        "restored store '[^']+' from \\S+: ([0-9,]+) / ([0-9,]+) records in [0-9.]+ s");
    for (String line : lines) {
      java.util.regex.Matcher m = shape.matcher(line);
      assertTrue(m.matches(), line);
      long restored = Long.parseLong(m.group(1).replace(",", ""));
      long span = Long.parseLong(m.group(2).replace(",", ""));
      assertTrue(restored > 0 && restored <= span, line);
    }
    assertEquals(lines.size(), lines.stream().distinct().count(), "one line per store: " + rebuilt);
  }

  private static String runMain(String[] args) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int exit = PayrollApp.run(args, out, out);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, text);
    assertEquals("OK", lastLine(text));
    return text;
  }

  @Test
  void wrongResultsInTheOutputTopicsAreReportedAsMismatch(@TempDir Path dir) throws Exception {
    try (Log log = InMemoryLog.create()) {
      log.createTopic(PayrollTopology.DEPARTMENT_PAYROLL_TOPIC, TopicConfig.partitions(4));
      try (Producer<String, Long> p = Producer.create(log, ProducerConfig.defaults(),
          Serdes.String().serializer(), Serdes.Long().serializer())) {
        p.send(new ProducerRecord<>(PayrollTopology.DEPARTMENT_PAYROLL_TOPIC, "ghosts", 999L));
      }
      String out = run(log, dir, 1, "--employees", "10", "--updates", "100");
      List<String> lines = out.lines().toList();
      int mismatch = lines.indexOf("MISMATCH");
      assertTrue(mismatch >= 0, out);
      assertEquals("  ghosts payroll: expected 0, got 999", lines.get(mismatch + 1), out);
    }
  }

  @Property(tries = 5)
  void totalsMatchTheReferenceForRandomShapes(@ForAll @IntRange(min = 1, max = 12) int employees,
      @ForAll @IntRange(min = 0, max = 300) int updates, @ForAll long seed) throws Exception {
    Path dir = java.nio.file.Files.createTempDirectory("payroll-app");
    try (Log log = InMemoryLog.create()) {
      String out = run(log, dir, 0, "--employees", Integer.toString(employees), "--updates",
          Integer.toString(updates), "--seed", Long.toString(seed));
      assertEquals("OK", lastLine(out));
    }
  }
}
