package dev.millrace.examples.payroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayrollOptionsTest {

  @Test
  void defaultsAndValues() {
    PayrollOptions d = PayrollOptions.parse();
    assertEquals(PayrollOptions.LogKind.MEMORY, d.log);
    assertEquals(1000, d.employees);
    assertEquals(100_000, d.updates);
    PayrollOptions o = PayrollOptions.parse("--log", "memory", "--employees", "5", "--updates",
        "0", "--seed", "-1");
    assertEquals(5, o.employees);
    assertEquals(0, o.updates);
    assertEquals(-1, o.seed);
  }

  @Test
  void theFileLogDefaultsToADirectoryInTheWorkingDirectory() {
    PayrollOptions o = PayrollOptions.parse("--log", "file");
    assertEquals(PayrollOptions.LogKind.FILE, o.log);
    assertEquals(java.nio.file.Path.of("millrace-payroll"), o.dataDir);
    assertEquals(java.nio.file.Path.of("/x"),
        PayrollOptions.parse("--log", "file", "--data-dir", "/x").dataDir);
  }

  @Test
  void badArgumentsAreExplained() {
    assertMessage("--log must be 'memory' or 'file', got 'disk'", "--log", "disk");
    assertMessage("--data-dir only applies to --log file", "--data-dir", "/tmp/x");
    assertMessage("--employees needs a whole number >= 1, got '0'", "--employees", "0");
    assertMessage("--updates needs a whole number >= 0, got 'lots'", "--updates", "lots");
    assertMessage("--seed needs a value", "--seed");
    assertMessage("unknown option '--fast'", "--fast");
  }

  @Test
  void theCommandLineExitsWith2OnBadArgumentsAnd0ForHelp() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, PayrollApp.run(new String[] {"--employees", "x"},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("payroll: --employees"));
    assertEquals(0, PayrollApp.run(new String[] {"--help"},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: payroll"));
  }

  private static void assertMessage(String expected, String... args) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PayrollOptions.parse(args));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
