package dev.millrace.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Rows are offered exactly when the pieces they need are in the build, and say why not. */
class MillraceRowsTest {

  @Test
  void fileRowsFollowTheStoreEngineAndGuaranteeOnTheClasspath() {
    boolean rocks = MillraceRows.persistentStoresAvailable();
    boolean eos = MillraceRows.exactlyOnceAvailable();
    assertEquals(rocks, SystemRow.MILLRACE_FILE_ALOS.unavailable(Workload.PAYROLL).isEmpty());
    assertEquals(rocks && eos,
        SystemRow.MILLRACE_FILE_EOS.unavailable(Workload.PAYROLL).isEmpty());
    SystemRow.MILLRACE_FILE_EOS.unavailable(Workload.PAYROLL).ifPresent(why ->
        assertTrue(why.contains(rocks ? "exactly-once" : "RocksDB"), why));
  }

  @Test
  void inMemoryRowsAndKafkaRowsAreAlwaysThereForSupportedWorkloads() {
    for (Workload w : Workload.values()) {
      assertTrue(SystemRow.KSTREAMS_DRIVER.unavailable(w).isEmpty());
      assertEquals(MillraceTopologies.supports(w),
          SystemRow.MILLRACE_MEMORY.unavailable(w).isEmpty(), w.id());
    }
  }
}
