package dev.millrace.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SalaryEventProperties {

  @Property(tries = 200)
  void formatThenParseGivesTheSameEvent(
      @ForAll @AlphaChars @StringLength(min = 1, max = 12) String department,
      @ForAll @AlphaChars @StringLength(min = 1, max = 12) String employee,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long amount,
      @ForAll boolean bonus,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long time) {
    SalaryEvent e = new SalaryEvent(department, employee, amount, bonus, time);
    assertEquals(e, SalaryEvent.parse(e.format()));
  }

  @Test
  void malformedValuesAreRejectedNamingTheValue() {
    for (String bad : new String[] {"", "a,b,1,SALARY", "a,b,1,SALARY,2,3", ",b,1,SALARY,2",
        "a,b,x,SALARY,2", "a,b,1,RAISE,2", "a,b,1,SALARY,"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SalaryEvent.parse(bad), bad);
      assertTrue(e.getMessage().contains("'"), e.getMessage());
    }
  }
}
