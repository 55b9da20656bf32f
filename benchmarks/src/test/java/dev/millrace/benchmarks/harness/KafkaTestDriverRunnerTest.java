package dev.millrace.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Kafka Streams topologies compute what the reference says, in Kafka's own test driver. */
class KafkaTestDriverRunnerTest {

  @ParameterizedTest
  @EnumSource(Workload.class)
  void matchesTheReference(Workload workload, @TempDir Path dir) {
    // Few employees, many updates each: moves between departments and retractions do happen.
    List<InputRecord> input = InputGenerator.generate(300, 20, 3, 11);
    Results expected = Reference.expected(workload, input);
    RunMeasurement m = new KafkaTestDriverRunner().run(workload, input, expected,
        new RowRunner.Context(dir, null, -1, "t", 0));
    assertEquals(List.of(), expected.differences(m.observed, 10));
    assertEquals(300, m.records);
  }
}
