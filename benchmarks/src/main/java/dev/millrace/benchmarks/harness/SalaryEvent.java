package dev.millrace.benchmarks.harness;

/**
 * One payroll event as carried in an input record's value: the text form
 * {@code department,employee,amount,kind,eventTime}. Both systems parse it with the same code, so
 * parsing costs the same on either side of the comparison.
 *
 * @param department department name, e.g. {@code dept-07}
 * @param employee employee id; also the input record's key
 * @param amount whole currency units, positive
 * @param bonus true for a one-off bonus, false for a new current salary
 * @param eventTime milliseconds since the epoch; also the input record's timestamp
 */
public record SalaryEvent(String department, String employee, long amount, boolean bonus,
    long eventTime) {

  /** Encodes this event in the text form {@link #parse} reads. */
  public String format() {
    return department + ',' + employee + ',' + amount + ',' + (bonus ? "BONUS" : "SALARY") + ','
        + eventTime;
  }

  /**
   * Reads the text form written by {@link #format()}.
   *
   * @throws IllegalArgumentException naming the value if it is not five well-formed fields
   */
  public static SalaryEvent parse(String value) {
    int a = value.indexOf(',');
    int b = value.indexOf(',', a + 1);
    int c = value.indexOf(',', b + 1);
    int d = value.indexOf(',', c + 1);
    if (a <= 0 || b <= a + 1 || c <= b + 1 || d <= c + 1 || d == value.length() - 1
        || value.indexOf(',', d + 1) >= 0) {
      throw new IllegalArgumentException(
          "not a salary event (want dept,employee,amount,kind,time): '" + value + "'");
    }
    String kind = value.substring(c + 1, d);
    boolean bonus;
    if (kind.equals("BONUS")) {
      bonus = true;
    } else if (kind.equals("SALARY")) {
      bonus = false;
    } else {
      throw new IllegalArgumentException("unknown kind '" + kind + "' in salary event '" + value
          + "'");
    }
    try {
      return new SalaryEvent(value.substring(0, a), value.substring(a + 1, b),
          Long.parseLong(value, b + 1, c, 10), bonus, Long.parseLong(value, d + 1,
          value.length(), 10));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number in salary event '" + value + "'", e);
    }
  }
}
