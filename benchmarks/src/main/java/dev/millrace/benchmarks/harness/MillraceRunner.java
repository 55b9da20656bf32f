package dev.millrace.benchmarks.harness;

import dev.millrace.clients.AutoOffsetReset;
import dev.millrace.clients.Consumer;
import dev.millrace.clients.ConsumerConfig;
import dev.millrace.clients.ConsumerRecord;
import dev.millrace.clients.Producer;
import dev.millrace.clients.ProducerConfig;
import dev.millrace.clients.ProducerRecord;
import dev.millrace.log.Header;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.runtime.Streams;
import dev.millrace.serialization.Serdes;
import dev.millrace.state.StoreType;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Millrace as an embedded application: the input is produced to a 4-partition topic of the log
 * first, then {@link Streams} (2 stream threads) starts and the clock runs until a read_committed
 * consumer of the output topics has seen the expected results. The same shape as {@link
 * KafkaBrokerRunner}, with the log inside the process instead of a broker.
 */
final class MillraceRunner implements RowRunner {
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  private final Function<Path, Log> openLog;
  private final StoreType stores;
  private final ProcessingGuarantee guarantee;

  /**
   * @param openLog opens the log given a directory it may use
   */
  MillraceRunner(Function<Path, Log> openLog, StoreType stores, ProcessingGuarantee guarantee) {
    this.openLog = openLog;
    this.stores = stores;
    this.guarantee = guarantee;
  }

  @Override
  public RunMeasurement run(Workload workload, List<InputRecord> input, Results expected,
      Context context) {
    RunMeasurement m = new RunMeasurement();
    OutputCheck check = new OutputCheck(expected);
    try (Log log = openLog.apply(context.workDir().resolve("log"))) {
      log.createTopic(Workload.INPUT_TOPIC,
          TopicConfig.partitions(KafkaBrokerRunner.PARTITIONS));
      for (String t : workload.outputTopics()) {
        log.createTopic(t, TopicConfig.partitions(KafkaBrokerRunner.PARTITIONS));
      }
      produce(log, input);
      StreamsConfig config = StreamsConfig.builder("harness-" + context.runId())
          .processingGuarantee(guarantee)
          .numStreamThreads(KafkaBrokerRunner.STREAM_THREADS)
          .commitInterval(Duration.ofMillis(100))
          .stateDir(context.workDir().resolve("state"))
          .build();
      try (Consumer<String, String> reader = outputReader(log, workload);
          Streams streams = new Streams(MillraceTopologies.build(workload, stores), config, log)) {
        m.start();
        streams.start();
        long lastProgress = System.nanoTime();
        while (!check.complete()) {
          var records = reader.poll(Duration.ofMillis(20));
          if (!records.isEmpty()) {
            lastProgress = System.nanoTime();
            for (ConsumerRecord<String, String> r : records) {
              check.accept(r.topic(), r.key(), r.value());
            }
          } else if (System.nanoTime() - lastProgress > IDLE_TIMEOUT.toNanos()) {
            m.notes.add("stopped: no new output for " + IDLE_TIMEOUT.toSeconds() + " s, state "
                + streams.state());
            break;
          } else if (streams.state() == Streams.State.ERROR) {
            m.notes.add("stopped: Millrace went into state ERROR");
            break;
          }
        }
        m.stop();
        if (check.complete() && context.latencyProbes() > 0) {
          probeLatency(log, reader, lastOf(input, context.latencyProbes()), m);
        }
        streams.close(Duration.ofSeconds(60));
      }
    } catch (Exception e) {
      throw new IllegalStateException("Millrace run failed: " + e.getMessage(), e);
    }
    m.records = input.size();
    m.observed = check.observed();
    return m;
  }

  private static List<InputRecord> lastOf(List<InputRecord> input, int n) {
    return input.subList(Math.max(0, input.size() - n), input.size());
  }

  /** Appends-to-visible-output latency of probes fed at a steady rate after the verified run. */
  private static void probeLatency(Log log, Consumer<String, String> reader,
      List<InputRecord> probes, RunMeasurement m) throws Exception {
    try (Producer<String, String> producer = Producer.create(log,
        ProducerConfig.builder().linger(Duration.ZERO).build(), Serdes.String().serializer(),
        Serdes.String().serializer())) {
      LatencyProbe.Result r = LatencyProbe.measure(probes,
          (record, sent) -> {
            producer.send(new ProducerRecord<>(Workload.INPUT_TOPIC, null, record.timestamp(),
                record.key(), record.value(), List.of(new Header(LatencyProbe.HEADER, sent))));
            producer.flush();
          },
          sink -> {
            for (ConsumerRecord<String, String> out : reader.poll(Duration.ofMillis(5))) {
              for (Header h : out.headers()) {
                if (h.key().equals(LatencyProbe.HEADER)) {
                  sink.accept(LatencyProbe.unstamp(h.value()));
                }
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

  private static void produce(Log log, List<InputRecord> input) {
    try (Producer<String, String> producer = Producer.create(log, ProducerConfig.defaults(),
        Serdes.String().serializer(), Serdes.String().serializer())) {
      for (InputRecord r : input) {
        producer.send(new ProducerRecord<>(Workload.INPUT_TOPIC, null, r.timestamp(), r.key(),
            r.value(), null));
      }
      producer.flush();
    }
  }

  private static Consumer<String, String> outputReader(Log log, Workload workload) {
    Consumer<String, String> reader = Consumer.create(log, ConsumerConfig.builder()
            .isolationLevel(IsolationLevel.READ_COMMITTED)
            .autoOffsetReset(AutoOffsetReset.EARLIEST)
            .maxPollRecords(5000)
            .build(),
        Serdes.String().deserializer(), Serdes.String().deserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String t : workload.outputTopics()) {
      for (int i = 0; i < KafkaBrokerRunner.PARTITIONS; i++) {
        partitions.add(new TopicPartition(t, i));
      }
    }
    reader.assign(partitions);
    reader.seekToBeginning(partitions);
    return reader;
  }
}
