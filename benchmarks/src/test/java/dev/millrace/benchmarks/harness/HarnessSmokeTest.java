package dev.millrace.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole harness end to end on a tiny input, in this JVM, Millrace rows only: every run must
 * verify against the reference and land in the CSV. Not a performance test: no figure is checked.
 */
class HarnessSmokeTest {

  @Test
  void millraceRowsRunAndVerify(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("out.csv");
    Path markdown = dir.resolve("out.md");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = HarnessMain.run(new String[] {"--in-process", "--records", "10000",
        "--driver-records", "2000", "--latency-probes", "300", "--systems", "millrace-memory,millrace-driver",
        "--work-dir", dir.resolve("work").toString(), "--csv", csv.toString(),
        "--markdown", markdown.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String report = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, report + err.toString(StandardCharsets.UTF_8));
    assertTrue(report.endsWith("OK" + System.lineSeparator()), report);

    List<String> rows = Files.readAllLines(csv);
    List<String> supported = List.of(Workload.values()).stream()
        .filter(MillraceTopologies::supports).map(Workload::id).toList();
    assertEquals(1 + 2 * supported.size(), rows.size(), String.join("\n", rows));
    for (String w : supported) {
      assertTrue(rows.stream().anyMatch(r -> r.startsWith(w + ",millrace-memory,")
          && r.contains(",10000,")), w + "\n" + rows);
      // the probe header reaches the outputs of every workload, stateful ones included
      String memory = rows.stream().filter(r -> r.startsWith(w + ",millrace-memory,"))
          .findFirst().orElseThrow();
      String[] fields = memory.split(",", -1);
      String p50 = fields[fields.length - 2];
      String p99 = fields[fields.length - 1];
      assertTrue(!p50.isEmpty() && !p99.isEmpty()
              && Double.parseDouble(p50) <= Double.parseDouble(p99),
          "p50/p99 of " + w + " on millrace-memory: " + memory + "\n" + report);
      assertTrue(rows.stream().anyMatch(r -> r.startsWith(w + ",millrace-driver,")
          && r.contains(",2000,")), w + "\n" + rows);
    }
    assertTrue(Files.readString(markdown).contains("| payroll | millrace-memory |"));
  }

  @Test
  void badArgumentsExitWithStatus2AndAMessage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = HarnessMain.run(new String[] {"--records", "many"},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--records needs a positive whole "
        + "number, got 'many'"));
  }
}
