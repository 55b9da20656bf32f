package dev.millrace.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReferenceTest {
  private static InputRecord record(String dept, String employee, long amount, boolean bonus,
      long time) {
    return new InputRecord(employee, new SalaryEvent(dept, employee, amount, bonus, time).format(),
        time);
  }

  private static final List<InputRecord> INPUT = List.of(
      record("a", "e1", 100, false, 0),
      record("a", "e2", 200, false, 1),
      record("a", "e1", 10, true, 2),
      record("b", "e1", 150, false, 60_000), // e1 moves to b with a raise
      record("b", "e3", 5, true, 59_999),
      record("b", "e2", 20, true, 60_001)); // a bonus alone does not move e2's salary

  @Test
  void payrollRetractsMovedSalaries() {
    Results r = Reference.expected(Workload.PAYROLL, INPUT);
    assertEquals(Map.of("e1", "b,150", "e2", "a,200"), r.table("employee-salary"));
    assertEquals(Map.of("a", "200", "b", "150"), r.table("dept-payroll"));
    assertEquals(Map.of("a", "10", "b", "25"), r.table("dept-bonus"));
    assertEquals(new TreeMap<>(Map.of("a", "payroll=200 bonus=10", "b", "payroll=150 bonus=25")),
        r.departmentSummary());
  }

  @Test
  void statelessKeepsSalaries() {
    Results r = Reference.expected(Workload.STATELESS, INPUT);
    assertEquals(3, r.streamRecords());
    assertEquals(new TreeMap<>(Map.of("a", "count=2 sum=300", "b", "count=1 sum=150")),
        r.departmentSummary());
  }

  @Test
  void windowedCountsByEventTimeMinute() {
    Results r = Reference.expected(Workload.WINDOWED, INPUT);
    assertEquals(Map.of("a@0", "3,310", "b@0", "1,5", "b@60000", "2,170"),
        r.table("dept-window"));
    assertEquals(new TreeMap<>(Map.of("a", "count=3 sum=310", "b", "count=3 sum=175")),
        r.departmentSummary());
  }
}
