package dev.millrace.benchmarks.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams against a real broker: the input is produced to a 4-partition topic first, then
 * the application (2 stream threads) starts and the clock runs until a read_committed consumer of
 * the output topics has seen the expected results.
 */
final class KafkaBrokerRunner implements RowRunner {
  static final int PARTITIONS = 4;
  static final int STREAM_THREADS = 2;
  /** Without new output for this long, the run is declared stuck and its output compared as is. */
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  private final String processingGuarantee;

  /** @param processingGuarantee {@code exactly_once_v2} or {@code at_least_once} */
  KafkaBrokerRunner(String processingGuarantee) {
    this.processingGuarantee = processingGuarantee;
  }

  @Override
  public RunMeasurement run(Workload workload, List<InputRecord> input, Results expected,
      Context context) throws Exception {
    String bootstrap = context.bootstrapServers();
    if (bootstrap == null) {
      throw new IllegalStateException("the Kafka broker rows need a broker address");
    }
    String prefix = "r" + context.runId() + "-";
    UnaryOperator<String> topic = name -> prefix + name;
    createTopics(bootstrap, workload, topic);
    produce(bootstrap, topic.apply(Workload.INPUT_TOPIC), input);

    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "harness-" + context.runId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, STREAM_THREADS);
    // exactly_once_v2 defaults to 100 ms; at_least_once to 30 s, which would only measure the
    // commit interval. Same interval for both.
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.STATE_DIR_CONFIG, context.workDir().resolve("state").toString());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");

    RunMeasurement m = new RunMeasurement();
    OutputCheck check = new OutputCheck(expected);
    try (KafkaConsumer<String, String> reader = outputReader(bootstrap, workload, topic);
        KafkaStreams streams = new KafkaStreams(
            KafkaStreamsTopologies.build(workload, topic), props)) {
      m.start(context.brokerPid());
      streams.start();
      long lastProgress = System.nanoTime();
      while (!check.complete()) {
        var records = reader.poll(Duration.ofMillis(20));
        if (!records.isEmpty()) {
          lastProgress = System.nanoTime();
          for (ConsumerRecord<String, String> r : records) {
            check.accept(r.topic().substring(prefix.length()), r.key(), r.value());
          }
        } else if (System.nanoTime() - lastProgress > IDLE_TIMEOUT.toNanos()) {
          m.notes.add("stopped: no new output for " + IDLE_TIMEOUT.toSeconds() + " s, state "
              + streams.state());
          break;
        } else if (streams.state() == KafkaStreams.State.ERROR) {
          m.notes.add("stopped: Kafka Streams went into state ERROR");
          break;
        }
      }
      m.stop();
      if (check.complete() && context.latencyProbes() > 0) {
        probeLatency(bootstrap, topic.apply(Workload.INPUT_TOPIC), reader,
            lastOf(input, context.latencyProbes()), m);
      }
      streams.close(Duration.ofSeconds(60));
      streams.cleanUp();
    }
    m.records = input.size();
    m.observed = check.observed();
    return m;
  }

  private static List<InputRecord> lastOf(List<InputRecord> input, int n) {
    return input.subList(Math.max(0, input.size() - n), input.size());
  }

  /** Appends-to-visible-output latency of probes fed at a steady rate after the verified run. */
  private static void probeLatency(String bootstrap, String inputTopic,
      KafkaConsumer<String, String> reader, List<InputRecord> probes, RunMeasurement m)
      throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
        new StringSerializer())) {
      LatencyProbe.Result r = LatencyProbe.measure(probes,
          (record, sent) -> producer.send(new ProducerRecord<>(inputTopic, null,
              record.timestamp(), record.key(), record.value(),
              List.of(new RecordHeader(LatencyProbe.HEADER, sent)))).get(),
          sink -> {
            for (ConsumerRecord<String, String> out : reader.poll(Duration.ofMillis(5))) {
              Header h = out.headers().lastHeader(LatencyProbe.HEADER);
              if (h != null) {
                sink.accept(LatencyProbe.unstamp(h.value()));
              }
            }
          });
      m.p50Ms = r.p50Ms();
      m.p99Ms = r.p99Ms();
      m.notes.add(r.samples() == 0
          ? "latency N/A: no output record carried the probe header (the input record's headers"
              + " are not kept on this workload's outputs)"
          : String.format("latency: append to visible output (read_committed) of %,d probes at"
              + " 500/s after the run, %,d samples", probes.size(), r.samples()));
    }
  }

  private static void createTopics(String bootstrap, Workload workload, UnaryOperator<String> topic)
      throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    topics.add(new NewTopic(topic.apply(Workload.INPUT_TOPIC), PARTITIONS, (short) 1));
    for (String t : workload.outputTopics()) {
      topics.add(new NewTopic(topic.apply(t), PARTITIONS, (short) 1));
    }
    try (Admin admin = Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }
  }

  private static void produce(String bootstrap, String topic, List<InputRecord> input) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
        new StringSerializer())) {
      for (InputRecord r : input) {
        producer.send(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value()));
      }
      producer.flush();
    }
  }

  private static KafkaConsumer<String, String> outputReader(String bootstrap, Workload workload,
      UnaryOperator<String> topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    KafkaConsumer<String, String> reader = new KafkaConsumer<>(p, new StringDeserializer(),
        new StringDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String t : workload.outputTopics()) {
      for (int i = 0; i < PARTITIONS; i++) {
        partitions.add(new TopicPartition(topic.apply(t), i));
      }
    }
    reader.assign(partitions);
    reader.seekToBeginning(partitions);
    return reader;
  }
}
