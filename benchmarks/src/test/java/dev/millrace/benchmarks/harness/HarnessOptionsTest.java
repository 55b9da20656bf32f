package dev.millrace.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarnessOptionsTest {

  @Test
  void defaults() {
    HarnessOptions o = HarnessOptions.parse();
    assertEquals(200_000, o.records);
    assertEquals(50_000, o.employees);
    assertEquals(20, o.departments);
    assertEquals(List.of(Workload.values()), o.workloads);
    assertEquals(List.of(SystemRow.values()), o.systems);
  }

  @Test
  void everyOptionIsRead() {
    HarnessOptions o = HarnessOptions.parse("--records", "1_000", "--employees", "7",
        "--departments", "3", "--seed", "-5", "--workloads", "payroll, stateless,payroll",
        "--systems", "kstreams-driver,millrace-memory", "--driver-records", "9",
        "--child-heap", "512m", "--latency-probes", "0", "--markdown", "a.md", "--csv", "a.csv", "--work-dir", "w");
    assertEquals(1000, o.records);
    assertEquals(7, o.employees);
    assertEquals(3, o.departments);
    assertEquals(-5, o.seed);
    assertEquals(List.of(Workload.PAYROLL, Workload.STATELESS), o.workloads);
    assertEquals(List.of(SystemRow.MILLRACE_MEMORY, SystemRow.KSTREAMS_DRIVER), o.systems);
    assertEquals(9, o.driverRecords);
    assertEquals(0, o.latencyProbes);
    assertEquals("512m", o.childHeap);
    assertEquals(Path.of("a.md"), o.markdown);
    assertEquals(Path.of("a.csv"), o.csv);
    assertEquals(Path.of("w"), o.workDir);
  }

  @Test
  void inProcessDropsTheBrokerRowsUnlessAskedForExplicitly() {
    assertTrue(HarnessOptions.parse("--in-process").systems.stream()
        .noneMatch(SystemRow::needsBroker));
    assertMessage("--in-process cannot run the broker rows", "--in-process", "--systems",
        "kstreams-broker-eos");
  }

  @Test
  void badArgumentsAreExplained() {
    assertMessage("--records needs a positive whole number, got '0'", "--records", "0");
    assertMessage("--records needs a value", "--records");
    assertMessage("--seed needs a whole number, got 'x'", "--seed", "x");
    assertMessage("unknown workload 'joins'", "--workloads", "joins");
    assertMessage("unknown system 'flink'", "--systems", "flink");
    assertMessage("--systems needs at least one name", "--systems", ",");
    assertMessage("--child-heap needs a size", "--child-heap", "lots");
    assertMessage("unknown option '--fast'", "--fast");
  }

  private static void assertMessage(String expected, String... args) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HarnessOptions.parse(args));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
