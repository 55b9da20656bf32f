package dev.millrace.examples.payroll;

import java.util.Objects;

/**
 * One payroll event, the value of a {@code salary-updates} record (whose key is the employee id).
 *
 * <p>A {@link Kind#SALARY} update sets the employee's current salary and department: the one with
 * the latest event time wins, so an employee who moves shows up in the new department's totals
 * and leaves the old one's. A {@link Kind#BONUS} is a one-off payment counted once, in the
 * department it names.
 *
 * @param department the department the employee belongs to (for a salary) or is paid by (bonus)
 * @param employeeId the employee, also the record key
 * @param amount whole currency units, positive
 * @param kind salary or bonus
 * @param eventTime when HR or Finance issued it, milliseconds since the epoch
 */
public record SalaryUpdate(String department, String employeeId, long amount, Kind kind,
    long eventTime) {

  /** What an update means for the payroll. */
  public enum Kind {
    /** A new current salary (hire, raise, move). */
    SALARY,
    /** A one-off bonus. */
    BONUS
  }

  public SalaryUpdate {
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(employeeId, "employeeId");
    Objects.requireNonNull(kind, "kind");
    if (amount <= 0) {
      throw new IllegalArgumentException("amount must be positive, got " + amount + " for "
          + employeeId);
    }
  }

  public boolean isSalary() {
    return kind == Kind.SALARY;
  }

  public boolean isBonus() {
    return kind == Kind.BONUS;
  }
}
