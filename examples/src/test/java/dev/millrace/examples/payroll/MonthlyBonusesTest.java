package dev.millrace.examples.payroll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.millrace.examples.payroll.MonthlyBonuses.Month;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonthlyBonusesTest {
  private static final long DAY = 24 * 3_600_000L;
  private static final long MONTH = PayrollTopology.MONTH.toMillis();
  private static final long CLOSE = MONTH + PayrollTopology.MONTH_GRACE.toMillis();

  private static SalaryUpdate bonus(String department, long amount, long time) {
    return new SalaryUpdate(department, "emp-1", amount, SalaryUpdate.Kind.BONUS, time);
  }

  private static SalaryUpdate salary(String department, long time) {
    return new SalaryUpdate(department, "emp-2", 40_000, SalaryUpdate.Kind.SALARY, time);
  }

  @Test
  void aMonthIsDueOnceItsOwnDepartmentHasABonusPastItsClose() {
    List<SalaryUpdate> input = List.of(bonus("sales", 100, DAY), bonus("sales", 50, CLOSE));
    assertEquals(List.of(new Month("sales", 0) + " closed but was not emitted"),
        MonthlyBonuses.differences(input, List.of()));
    assertEquals(List.of(), MonthlyBonuses.differences(input,
        List.of(Map.entry(new Month("sales", 0), 100L))));
  }

  @Test
  void laterSalariesOrOtherDepartmentsBonusesDoNotCloseAMonth() {
    // after a crash HR's records may reach the log days past Finance's last bonus
    List<SalaryUpdate> input = List.of(bonus("sales", 100, DAY), bonus("sales", 7, CLOSE - 1),
        salary("sales", 3 * MONTH), bonus("legal", 5, 2 * MONTH));
    assertEquals(List.of(), MonthlyBonuses.differences(input, List.of()));
  }

  @Test
  void wrongOrRepeatedResultsAreReported() {
    List<SalaryUpdate> input = List.of(bonus("sales", 100, DAY), bonus("sales", 50, CLOSE));
    Month first = new Month("sales", 0);
    assertEquals(List.of(first + ": expected 100, got 90"),
        MonthlyBonuses.differences(input, List.of(Map.entry(first, 90L))));
    assertEquals(List.of(first + " emitted more than once"), MonthlyBonuses.differences(input,
        List.of(Map.entry(first, 100L), Map.entry(first, 100L))));
    Month never = new Month("legal", 0);
    assertEquals(List.of(never + ": expected null, got 3"), MonthlyBonuses.differences(input,
        List.of(Map.entry(first, 100L), Map.entry(never, 3L))));
  }
}
