package dev.millrace.benchmarks.harness;

import java.util.Map;
import java.util.Objects;

/**
 * Follows a system's output records as they are read back and tells, in constant time per record,
 * when they have reached the expected results. Used to stop the clock for systems that run
 * asynchronously: a run is complete when every table key holds its expected final value and the
 * stream topic has as many records as expected.
 *
 * <p>Not thread-safe: one reader thread feeds it.
 */
public final class OutputCheck {
  private final Results expected;
  private final Results observed;
  private final Workload workload;
  private final long expectedStreamRecords;
  /** Table keys whose observed value differs from the expected one (missing counts). */
  private long mismatchedKeys;

  public OutputCheck(Results expected) {
    this.expected = Objects.requireNonNull(expected, "expected");
    this.workload = expected.workload();
    this.observed = new Results(workload);
    this.expectedStreamRecords = expected.streamRecords();
    for (String topic : workload.outputTopics()) {
      if (workload.isTable(topic)) {
        mismatchedKeys += expected.table(topic).size();
      }
    }
  }

  /**
   * Takes one output record.
   *
   * @throws IllegalArgumentException naming topic, key and value if the record cannot be part of
   *     this workload's output
   */
  public void accept(String topic, String key, String value) {
    if (!workload.outputTopics().contains(topic)) {
      throw new IllegalArgumentException("unexpected output topic '" + topic + "' for workload "
          + workload.id());
    }
    if (workload.isTable(topic)) {
      Map<String, String> want = expected.table(topic);
      String expectedValue = want.get(key);
      String before = observed.put(topic, key, value);
      String after = Results.isAbsent(value) ? null : value;
      boolean wasRight = Objects.equals(before, expectedValue);
      boolean isRight = Objects.equals(after, expectedValue);
      if (wasRight && !isRight) {
        mismatchedKeys++;
      } else if (!wasRight && isRight) {
        mismatchedKeys--;
      }
    } else {
      if (key == null || value == null) {
        throw new IllegalArgumentException("stream output on '" + topic
            + "' needs a department key and an amount value, got key=" + key + " value=" + value);
      }
      try {
        observed.addStreamRecord(key, Long.parseLong(value));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("output on '" + topic + "' key " + key
            + " is not an amount: '" + value + "'", e);
      }
    }
  }

  /** True once the output holds the expected results (or more stream records than expected). */
  public boolean complete() {
    return mismatchedKeys == 0 && observed.streamRecords() >= expectedStreamRecords;
  }

  /** Output records seen so far on the stream topic. */
  public long streamRecords() {
    return observed.streamRecords();
  }

  public Results observed() {
    return observed;
  }

  public Results expected() {
    return expected;
  }
}
