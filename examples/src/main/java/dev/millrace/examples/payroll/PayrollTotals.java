package dev.millrace.examples.payroll;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Payroll per department: the sum of current salaries and the sum of bonuses. Departments whose
 * total is zero are left out, so that "no employees left" and "never had any" compare equal.
 *
 * @param payroll department → sum of the current salaries of its employees
 * @param bonuses department → sum of all bonuses it paid
 */
public record PayrollTotals(SortedMap<String, Long> payroll, SortedMap<String, Long> bonuses) {

  public PayrollTotals {
    payroll = withoutZeros(payroll);
    bonuses = withoutZeros(bonuses);
  }

  /**
   * The reference fold over every update ever published, in any order: each employee's salary
   * update with the latest event time is current (ties: the later one in {@code updates}).
   */
  public static PayrollTotals fold(Collection<SalaryUpdate> updates) {
    Map<String, SalaryUpdate> current = new HashMap<>();
    Map<String, Long> bonuses = new HashMap<>();
    for (SalaryUpdate u : updates) {
      if (u.isBonus()) {
        bonuses.merge(u.department(), u.amount(), Long::sum);
      } else {
        current.merge(u.employeeId(), u, (a, b) -> b.eventTime() >= a.eventTime() ? b : a);
      }
    }
    Map<String, Long> payroll = new HashMap<>();
    for (SalaryUpdate u : current.values()) {
      payroll.merge(u.department(), u.amount(), Long::sum);
    }
    return new PayrollTotals(new TreeMap<>(payroll), new TreeMap<>(bonuses));
  }

  /** All departments with a payroll or bonus total. */
  public TreeSet<String> departments() {
    TreeSet<String> all = new TreeSet<>(payroll.keySet());
    all.addAll(bonuses.keySet());
    return all;
  }

  /** One line per department where {@code actual} differs from this; empty if none. */
  public List<String> differences(PayrollTotals actual) {
    TreeSet<String> all = departments();
    all.addAll(actual.departments());
    List<String> out = new ArrayList<>();
    for (String d : all) {
      if (!Objects.equals(payroll.get(d), actual.payroll.get(d))) {
        out.add(d + " payroll: expected " + payroll.getOrDefault(d, 0L) + ", got "
            + actual.payroll.getOrDefault(d, 0L));
      }
      if (!Objects.equals(bonuses.get(d), actual.bonuses.get(d))) {
        out.add(d + " bonuses: expected " + bonuses.getOrDefault(d, 0L) + ", got "
            + actual.bonuses.getOrDefault(d, 0L));
      }
    }
    return out;
  }

  private static SortedMap<String, Long> withoutZeros(Map<String, Long> totals) {
    TreeMap<String, Long> out = new TreeMap<>();
    totals.forEach((d, t) -> {
      if (t != null && t != 0) {
        out.put(d, t);
      }
    });
    return java.util.Collections.unmodifiableSortedMap(out);
  }
}
