package dev.millrace.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) throws Exception {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpListsTheExamples() throws Exception {
    assertEquals(0, run("--help"));
    String help = out.toString(StandardCharsets.UTF_8);
    assertTrue(help.contains("usage: java -jar millrace-examples.jar <example>"), help);
    assertTrue(help.contains("  demo "), help);
  }

  @Test
  void noArgumentOrAnUnknownOneIsAUsageError() throws Exception {
    assertEquals(2, run());
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"));
    err.reset();
    assertEquals(2, run("nope"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown example 'nope'"));
  }

  @Test
  void demoRunsTheClientsDemo() throws Exception {
    assertEquals(0, run("demo"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("records consumed:      12"));
  }
}
