package dev.millrace.examples.payroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DepartmentPartitionerTest {
  private final Map<String, String> directory = Map.of("a", "sales", "b", "sales", "c", "legal");
  private final DepartmentPartitioner partitioner = new DepartmentPartitioner(directory::get);

  @Test
  void employeesOfOneDepartmentShareAPartition() {
    for (int n = 1; n <= 16; n++) {
      int a = partitioner.partition("t", "a", new byte[] {1}, n);
      assertEquals(a, partitioner.partition("t", "b", new byte[] {2}, n));
      assertTrue(a >= 0 && a < n);
    }
  }

  @Test
  void unknownEmployeesAndForeignKeysAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> partitioner.partition("t", "zed", new byte[0], 4));
    assertTrue(e.getMessage().contains("zed"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> partitioner.partition("t", 42, new byte[0], 4));
  }
}
