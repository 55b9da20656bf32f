package dev.millrace.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The dispatcher knows the payroll example and hands it its arguments. */
class PayrollCommandTest {

  @Test
  void payrollIsListedAndReceivesItsArguments() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertEquals(0, Main.run(new String[] {"--help"}, print, print));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("payroll"));
    out.reset();
    assertEquals(0, Main.run(new String[] {"payroll", "--help"}, print, print));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: payroll"));
    assertEquals(2, Main.run(new String[] {"payroll", "--updates", "-3"}, print, print));
  }
}
