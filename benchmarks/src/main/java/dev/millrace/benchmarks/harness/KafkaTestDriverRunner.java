package dev.millrace.benchmarks.harness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;

/**
 * Kafka Streams in its TopologyTestDriver with default RocksDB stores: no broker, synchronous,
 * but paying Kafka Streams' commit (and RocksDB flush) after every piped record.
 */
final class KafkaTestDriverRunner implements RowRunner {
  /** Records piped between drains of the driver's topics, which it otherwise keeps in memory. */
  private static final int BATCH = 500;

  @Override
  public RunMeasurement run(Workload workload, List<InputRecord> input, Results expected,
      Context context) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "harness-ttd-" + context.runId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, context.workDir().resolve("state").toString());
    RunMeasurement m = new RunMeasurement();
    OutputCheck check = new OutputCheck(expected);
    try (TopologyTestDriver driver = new TopologyTestDriver(
        KafkaStreamsTopologies.build(workload, UnaryOperator.identity()), props)) {
      TestInputTopic<String, String> in = driver.createInputTopic(Workload.INPUT_TOPIC,
          new StringSerializer(), new StringSerializer());
      Map<String, TestOutputTopic<String, String>> outputs = new HashMap<>();
      for (String topic : workload.outputTopics()) {
        outputs.put(topic, driver.createOutputTopic(topic, new StringDeserializer(),
            new StringDeserializer()));
      }
      Map<String, TestOutputTopic<byte[], byte[]>> internal = new HashMap<>();
      m.start();
      List<TestRecord<String, String>> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < input.size(); i += BATCH) {
        batch.clear();
        for (InputRecord r : input.subList(i, Math.min(input.size(), i + BATCH))) {
          batch.add(new TestRecord<>(r.key(), r.value(), null, r.timestamp()));
        }
        in.pipeRecordList(batch);
        drain(driver, outputs, internal, check);
      }
      m.stop();
    }
    m.records = input.size();
    m.observed = check.observed();
    return m;
  }

  private static void drain(TopologyTestDriver driver,
      Map<String, TestOutputTopic<String, String>> outputs,
      Map<String, TestOutputTopic<byte[], byte[]>> internal, OutputCheck check) {
    for (Map.Entry<String, TestOutputTopic<String, String>> o : outputs.entrySet()) {
      for (TestRecord<String, String> r : o.getValue().readRecordsToList()) {
        check.accept(o.getKey(), r.key(), r.value());
      }
    }
    // Changelog and repartition records pile up in the driver until read: discard them.
    for (String topic : driver.producedTopicNames()) {
      if (!outputs.containsKey(topic)) {
        internal.computeIfAbsent(topic, t -> driver.createOutputTopic(t,
            new ByteArrayDeserializer(), new ByteArrayDeserializer())).readRecordsToList();
      }
    }
  }
}
