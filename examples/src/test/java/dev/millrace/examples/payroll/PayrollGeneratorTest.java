package dev.millrace.examples.payroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.serialization.Serdes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PayrollGeneratorTest {

  @Test
  void planIsDeterministicHiresFirstAndEventTimesStrictlyIncrease() {
    List<SalaryUpdate> plan = PayrollGenerator.plan(50, 2_000, 7, 1_000);
    assertEquals(plan, PayrollGenerator.plan(50, 2_000, 7, 1_000));
    assertNotEquals(plan, PayrollGenerator.plan(50, 2_000, 8, 1_000));
    assertEquals(2_050, plan.size());
    for (int i = 0; i < 50; i++) {
      assertEquals(PayrollGenerator.employeeId(i), plan.get(i).employeeId());
      assertTrue(plan.get(i).isSalary());
    }
    for (int i = 1; i < plan.size(); i++) {
      assertTrue(plan.get(i).eventTime() > plan.get(i - 1).eventTime(), "at " + i);
    }
    assertTrue(plan.get(0).eventTime() > 1_000);
  }

  @Test
  void employeesMoveBetweenDepartmentsAndGetBonuses() {
    List<SalaryUpdate> plan = PayrollGenerator.plan(20, 1_000, 3, 0);
    Map<String, String> department = new HashMap<>();
    int moves = 0;
    int bonuses = 0;
    for (SalaryUpdate u : plan) {
      if (u.isBonus()) {
        bonuses++;
        assertEquals(department.get(u.employeeId()), u.department(),
            "a bonus is paid by the employee's current department");
        continue;
      }
      String before = department.put(u.employeeId(), u.department());
      if (before != null && !before.equals(u.department())) {
        moves++;
      }
    }
    assertTrue(moves > 50 && moves < 150, "about 10% moves, got " + moves);
    assertTrue(bonuses > 120 && bonuses < 280, "about 20% bonuses, got " + bonuses);
  }

  @Test
  void publishShardsByDepartmentSoMovedEmployeesAppearInSeveralPartitions() {
    List<SalaryUpdate> plan = PayrollGenerator.plan(30, 600, 5, 0);
    try (Log log = InMemoryLog.create()) {
      log.createTopic(PayrollTopology.INPUT_TOPIC, TopicConfig.partitions(4));
      PayrollGenerator.publish(log, plan);
      Map<String, Integer> partitionOfDepartment = new HashMap<>();
      Map<String, Set<Integer>> partitionsOfEmployee = new HashMap<>();
      int total = 0;
      for (int p = 0; p < 4; p++) {
        TopicPartition tp = new TopicPartition(PayrollTopology.INPUT_TOPIC, p);
        for (StoredRecord r : log.read(tp, 0, 10_000, Integer.MAX_VALUE,
            IsolationLevel.READ_COMMITTED).records()) {
          SalaryUpdate u = SalaryUpdateSerde.serde().deserializer().deserialize("t", r.value());
          assertEquals(u.employeeId(), Serdes.String().deserializer().deserialize("t", r.key()));
          assertEquals(u.eventTime(), r.timestamp());
          Integer before = partitionOfDepartment.put(u.department(), p);
          assertTrue(before == null || before == p, u.department() + " in two partitions");
          partitionsOfEmployee.computeIfAbsent(u.employeeId(), e -> new HashSet<>()).add(p);
          total++;
        }
      }
      assertEquals(plan.size(), total);
      assertTrue(partitionsOfEmployee.values().stream().anyMatch(s -> s.size() > 1),
          "some moved employee spans partitions");
    }
  }

  @Test
  void badCountsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> PayrollGenerator.plan(0, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> PayrollGenerator.plan(1, -1, 1, 0));
  }
}
