package dev.millrace.benchmarks.harness;

import dev.millrace.benchmarks.BenchFiles;
import dev.millrace.clients.Producer;
import dev.millrace.clients.ProducerConfig;
import dev.millrace.clients.ProducerRecord;
import dev.millrace.log.Log;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.log.file.FileLogConfig;
import dev.millrace.runtime.Streams;
import dev.millrace.runtime.StreamsMetrics;
import dev.millrace.serialization.Serdes;
import dev.millrace.state.StoreType;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What exactly-once costs: the payroll workload on the file log with RocksDB stores, run to the
 * end of a pre-loaded input topic once per mode, with each mode's default commit interval
 * (exactly once 100 ms, at least once 30 s) and at least once also at 100 ms. Prints records/s
 * and the commit latency percentiles from {@link Streams#metrics()}.
 *
 * <pre>java -cp millrace-harness.jar dev.millrace.benchmarks.harness.CommitModeMain [records]
 * [rounds] [nosync|memory]</pre>
 *
 * With {@code nosync} the file log does not fsync at commits, which shows what of the difference
 * is the per-task transaction's fsync. With {@code memory} the same modes run on the in-memory log
 * and in-memory stores instead: the runtime alone, without storage costs.
 *
 * The time runs from {@code start()} until every input record has been processed and a final
 * commit has made it durable ({@code close()}), minus the idle period used to notice the end.
 */
public final class CommitModeMain {
  private static final Duration IDLE = Duration.ofMillis(300);

  private record Mode(String name, ProcessingGuarantee guarantee, Duration commitInterval) {}

  private CommitModeMain() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    String storage = args.length > 2 ? args[2] : "file";
    if (!List.of("file", "nosync", "memory").contains(storage)) {
      throw new IllegalArgumentException("third argument must be nosync or memory, got '"
          + storage + "'");
    }
    boolean inMemory = storage.equals("memory");
    FileLogConfig logConfig = FileLogConfig.defaults().withSyncOnCommit(!storage.equals("nosync"));
    List<InputRecord> input = InputGenerator.generate(records, 50_000, 20, 7);
    List<Mode> modes = List.of(
        new Mode("exactly_once (default, 100 ms)", ProcessingGuarantee.EXACTLY_ONCE, null),
        new Mode("at_least_once (default, 30 s)", ProcessingGuarantee.AT_LEAST_ONCE, null),
        new Mode("at_least_once (100 ms)", ProcessingGuarantee.AT_LEAST_ONCE,
            Duration.ofMillis(100)));
    System.out.printf("payroll, %,d records, %s, %d partitions, %d threads%n", records,
        inMemory ? "in-memory log + in-memory stores"
            : "file log (fsync at commit: " + logConfig.syncOnCommit() + ") + RocksDB",
        KafkaBrokerRunner.PARTITIONS, KafkaBrokerRunner.STREAM_THREADS);
    for (int round = 1; round <= rounds; round++) {
      for (Mode mode : modes) {
        run(mode, input, round, logConfig, inMemory);
      }
    }
  }

  private static void run(Mode mode, List<InputRecord> input, int round,
      FileLogConfig logConfig, boolean inMemory) throws Exception {
    Path dir = Files.createTempDirectory("millrace-commit-mode-");
    try {
      try (Log log = inMemory ? InMemoryLog.create() : FileLog.open(dir.resolve("log"), logConfig)) {
        log.createTopic(Workload.INPUT_TOPIC, TopicConfig.partitions(KafkaBrokerRunner.PARTITIONS));
        for (String t : Workload.PAYROLL.outputTopics()) {
          log.createTopic(t, TopicConfig.partitions(KafkaBrokerRunner.PARTITIONS));
        }
        try (Producer<String, String> p = Producer.create(log, ProducerConfig.defaults(),
            Serdes.String().serializer(), Serdes.String().serializer())) {
          for (InputRecord r : input) {
            p.send(new ProducerRecord<>(Workload.INPUT_TOPIC, null, r.timestamp(), r.key(),
                r.value(), null));
          }
          p.flush();
        }
        StreamsConfig.Builder b = StreamsConfig.builder("commit-mode")
            .processingGuarantee(mode.guarantee())
            .numStreamThreads(KafkaBrokerRunner.STREAM_THREADS)
            .stateDir(dir.resolve("state"));
        if (mode.commitInterval() != null) {
          b.commitInterval(mode.commitInterval());
        }
        Streams streams = new Streams(MillraceTopologies.build(Workload.PAYROLL,
            inMemory ? StoreType.IN_MEMORY : StoreType.PERSISTENT), b.build(), log);
        long start = System.nanoTime();
        streams.start();
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
          Thread.sleep(10);
          long processed = streams.metrics().recordsProcessed();
          if (processed != last) {
            last = processed;
            lastChange = System.nanoTime();
          } else if (processed >= input.size()
              && System.nanoTime() - lastChange > IDLE.toNanos()) {
            break;
          }
          if (streams.state() == Streams.State.ERROR) {
            throw new IllegalStateException(mode.name() + ": the application failed");
          }
        }
        streams.close();
        long nanos = System.nanoTime() - start - IDLE.toNanos();
        StreamsMetrics m = streams.metrics();
        System.out.printf("round %d  %-32s %,9.0f records/s  %,6d commits  commit p50 %6.2f ms"
                + "  p99 %6.2f ms  max %6.2f ms%n", round, mode.name(),
            input.size() / (nanos / 1e9), m.commits(), m.commitLatencyP50Nanos() / 1e6,
            m.commitLatencyP99Nanos() / 1e6, m.commitLatencyMaxNanos() / 1e6);
      }
    } finally {
      BenchFiles.deleteRecursively(dir);
    }
  }
}
