package dev.millrace.examples.payroll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PayrollTotalsTest {

  @Test
  void latestEventTimeWinsWhateverTheOrderAndZeroTotalsVanish() {
    PayrollTotals t = PayrollTotals.fold(List.of(
        new SalaryUpdate("legal", "alice", 120, SalaryUpdate.Kind.SALARY, 30),
        new SalaryUpdate("sales", "alice", 100, SalaryUpdate.Kind.SALARY, 10),
        new SalaryUpdate("sales", "bob", 50, SalaryUpdate.Kind.SALARY, 20),
        new SalaryUpdate("sales", "bob", 5, SalaryUpdate.Kind.BONUS, 40)));
    assertEquals(Map.of("legal", 120L, "sales", 50L), t.payroll());
    assertEquals(Map.of("sales", 5L), t.bonuses());
    assertEquals(t, new PayrollTotals(new TreeMap<>(Map.of("legal", 120L, "sales", 50L,
        "empty", 0L)), new TreeMap<>(Map.of("sales", 5L))));
  }

  @Test
  void differencesNameDepartmentAndBothFigures() {
    PayrollTotals want = new PayrollTotals(new TreeMap<>(Map.of("a", 1L)), new TreeMap<>());
    PayrollTotals got = new PayrollTotals(new TreeMap<>(Map.of("a", 2L)),
        new TreeMap<>(Map.of("b", 3L)));
    assertEquals(List.of("a payroll: expected 1, got 2", "b bonuses: expected 0, got 3"),
        want.differences(got));
  }
}
