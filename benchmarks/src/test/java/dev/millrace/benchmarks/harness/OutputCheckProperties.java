package dev.millrace.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The output check must declare a run complete exactly when the output holds the reference
 * results, whatever intermediate values came before.
 */
class OutputCheckProperties {

  /** Writes each expected table value, after random wrong intermediate values, in random order. */
  private static List<String[]> outputsFor(Results expected, Random random, boolean noise) {
    List<String[]> finals = new ArrayList<>();
    List<String[]> early = new ArrayList<>();
    for (String topic : expected.workload().outputTopics()) {
      if (!expected.workload().isTable(topic)) {
        continue;
      }
      for (Map.Entry<String, String> e : expected.table(topic).entrySet()) {
        if (noise && random.nextBoolean()) {
          early.add(new String[] {topic, e.getKey(), random.nextBoolean() ? null : "1,2"});
        }
        finals.add(new String[] {topic, e.getKey(), e.getValue()});
      }
    }
    Collections.shuffle(early, random);
    Collections.shuffle(finals, random);
    List<String[]> all = new ArrayList<>(early);
    all.addAll(finals);
    return all;
  }

  @Property(tries = 60)
  void completeExactlyWhenEveryExpectedValueArrived(
      @ForAll @IntRange(min = 1, max = 400) int records, @ForAll long seed,
      @ForAll boolean windowed) {
    Workload workload = windowed ? Workload.WINDOWED : Workload.PAYROLL;
    Results expected = Reference.expected(workload,
        InputGenerator.generate(records, 30, 4, seed));
    List<String[]> outputs = outputsFor(expected, new Random(seed), true);
    OutputCheck check = new OutputCheck(expected);
    for (int i = 0; i < outputs.size(); i++) {
      assertFalse(check.complete(), "complete before the last final value, at " + i);
      String[] o = outputs.get(i);
      check.accept(o[0], o[1], o[2]);
    }
    assertTrue(check.complete());
    assertEquals(List.of(), expected.differences(check.observed(), 10));
    assertEquals(expected.departmentSummary(), check.observed().departmentSummary());
  }

  @Property(tries = 60)
  void aWrongFinalValueIsNeverComplete(@ForAll @IntRange(min = 1, max = 300) int records,
      @ForAll long seed) {
    Results expected = Reference.expected(Workload.PAYROLL,
        InputGenerator.generate(records, 30, 4, seed));
    List<String[]> outputs = outputsFor(expected, new Random(seed), false);
    String[] victim = outputs.get(new Random(seed).nextInt(outputs.size()));
    OutputCheck check = new OutputCheck(expected);
    for (String[] o : outputs) {
      check.accept(o[0], o[1], o == victim ? o[2] + "1" : o[2]);
    }
    assertFalse(check.complete());
    List<String> differences = expected.differences(check.observed(), 10);
    assertEquals(1, differences.size());
    assertTrue(differences.get(0).contains(victim[1]), differences.get(0));
  }

  @Test
  void zeroTotalsMeanAbsent() {
    Results expected = Reference.expected(Workload.PAYROLL, List.of());
    OutputCheck check = new OutputCheck(expected);
    assertTrue(check.complete());
    check.accept("dept-payroll", "a", "100");
    assertFalse(check.complete());
    check.accept("dept-payroll", "a", "0");
    assertTrue(check.complete());
  }

  @Test
  void streamOutputCompletesOnCountAndComparesSums() {
    Results expected = Reference.expected(Workload.STATELESS,
        InputGenerator.generate(50, 10, 2, 9));
    OutputCheck check = new OutputCheck(expected);
    long n = expected.streamRecords();
    for (int i = 0; i < n; i++) {
      assertFalse(check.complete());
      check.accept("stateless-out", "dept-00", "1");
    }
    assertTrue(check.complete());
    assertFalse(expected.differences(check.observed(), 10).isEmpty(), "same count, other sums");
  }

  @Test
  void foreignRecordsAreRejected() {
    OutputCheck check = new OutputCheck(Reference.expected(Workload.STATELESS, List.of()));
    assertThrows(IllegalArgumentException.class, () -> check.accept("other", "k", "1"));
    assertThrows(IllegalArgumentException.class,
        () -> check.accept("stateless-out", "dept-00", "x"));
  }
}
