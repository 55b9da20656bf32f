package dev.millrace.benchmarks.harness;

import dev.millrace.serialization.Serdes;
import dev.millrace.state.StoreType;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.testkit.TestInputTopic;
import dev.millrace.testkit.TestOutputTopic;
import dev.millrace.testkit.TestRecord;
import dev.millrace.testkit.TopologyTestDriver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Millrace's own TopologyTestDriver on the same topology as {@link KafkaTestDriverRunner}: one
 * record piped at a time, each followed by the driver's commit, outputs drained as it goes.
 */
final class MillraceDriverRunner implements RowRunner {
  private static final int DRAIN_EVERY = 500;

  private final StoreType stores;

  /** @param stores RocksDB when this build has it, else in memory (noted in the report) */
  MillraceDriverRunner(StoreType stores) {
    this.stores = stores;
  }

  @Override
  public RunMeasurement run(Workload workload, List<InputRecord> input, Results expected,
      Context context) {
    RunMeasurement m = new RunMeasurement();
    OutputCheck check = new OutputCheck(expected);
    StreamsConfig config = StreamsConfig.builder("harness-driver-" + context.runId())
        .stateDir(context.workDir().resolve("state")).build();
    try (TopologyTestDriver driver = new TopologyTestDriver(
        MillraceTopologies.build(workload, stores), config)) {
      TestInputTopic<String, String> in = driver.createInputTopic(Workload.INPUT_TOPIC,
          Serdes.String().serializer(), Serdes.String().serializer());
      Map<String, TestOutputTopic<String, String>> outputs = new HashMap<>();
      for (String topic : workload.outputTopics()) {
        outputs.put(topic, driver.createOutputTopic(topic, Serdes.String().deserializer(),
            Serdes.String().deserializer()));
      }
      m.start();
      for (int i = 0; i < input.size(); i++) {
        InputRecord r = input.get(i);
        in.pipeInput(r.key(), r.value(), r.timestamp());
        if (i % DRAIN_EVERY == DRAIN_EVERY - 1 || i == input.size() - 1) {
          for (Map.Entry<String, TestOutputTopic<String, String>> o : outputs.entrySet()) {
            for (TestRecord<String, String> out : o.getValue().readRecordsToList()) {
              check.accept(o.getKey(), out.key(), out.value());
            }
          }
        }
      }
      m.stop();
    }
    if (stores == StoreType.IN_MEMORY) {
      m.notes.add("in-memory stores: no RocksDB store engine in this build");
    }
    m.records = input.size();
    m.observed = check.observed();
    return m;
  }
}
