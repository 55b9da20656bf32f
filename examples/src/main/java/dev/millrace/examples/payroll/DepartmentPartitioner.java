package dev.millrace.examples.payroll;

import dev.millrace.clients.Partitioner;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * Sends an employee's records to the partition of the department the employee belongs to when
 * the record is sent, although the key stays the employee id: HR shards its feed by department.
 * An employee who moves therefore continues in another partition, which is why the payroll
 * topology repartitions by employee before it keeps the latest salary.
 */
public final class DepartmentPartitioner implements Partitioner {
  private final Function<String, String> departmentOf;

  /** @param departmentOf the current department of an employee id; never null for a known one */
  public DepartmentPartitioner(Function<String, String> departmentOf) {
    this.departmentOf = Objects.requireNonNull(departmentOf, "departmentOf");
  }

  @Override
  public int partition(String topic, Object key, byte[] keyBytes, int numPartitions) {
    if (!(key instanceof String employee)) {
      throw new IllegalArgumentException("records on '" + topic
          + "' need an employee id (String) key, got " + key);
    }
    String department = departmentOf.apply(employee);
    if (department == null) {
      throw new IllegalArgumentException("employee " + employee + " has no department; cannot"
          + " choose a partition of '" + topic + "'");
    }
    return Partitioner.keyHashPartition(department.getBytes(StandardCharsets.UTF_8),
        numPartitions);
  }
}
