package dev.millrace.benchmarks.harness;

import dev.millrace.benchmarks.BenchFiles;
import dev.millrace.log.Log;
import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.file.FileLog;
import dev.millrace.runtime.Streams;
import dev.millrace.serialization.Serdes;
import dev.millrace.state.StoreType;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StateRestoreListener;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.Materialized;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a restart takes before new input is processed: builds payroll-like state (the latest
 * salary of each of N employees in a RocksDB table, exactly once, on the file log), stops cleanly,
 * then measures from {@code new Streams(...)} to the first processed record of new input, once
 * with the state directory kept (stores used as is) and once after deleting it (full rebuild from
 * the changelogs).
 *
 * <p>Usage: {@code RestartMain [employees (default 1000000)] [directory (default a temp dir,
 * deleted afterwards)]}. Prints one line per phase.
 */
public final class RestartMain {
  private static final String APP = "restart-bench";
  private static final String INPUT = "salaries";
  private static final int PARTITIONS = 4;
  private static final String PROBE = "probe-";

  private RestartMain() {}

  public static void main(String[] args) throws Exception {
    int employees = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    boolean temp = args.length < 2;
    Path root = temp ? Files.createTempDirectory("millrace-restart-") : Path.of(args[1]);
    try (Log log = FileLog.open(Files.createDirectories(root.resolve("log")))) {
      StreamsConfig config = StreamsConfig.builder(APP)
          .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
          .numStreamThreads(2).stateDir(root.resolve("state")).build();
      log.createTopic(INPUT, TopicConfig.partitions(PARTITIONS));

      long t0 = System.nanoTime();
      append(log, employees);
      Streams build = new Streams(topology(new CountDownLatch(1)), config, log);
      build.start();
      long target = (long) employees;
      while (committed(log) < target) {
        Thread.sleep(50);
        if (build.state() == Streams.State.ERROR) {
          throw new IllegalStateException("building the state failed");
        }
      }
      if (!build.close(Duration.ofMinutes(2))) {
        throw new IllegalStateException("the building run did not stop cleanly");
      }
      System.out.printf("built the state of %,d employees in %.1f s%n", employees,
          (System.nanoTime() - t0) / 1e9);

      measure("clean restart (stores kept)", log, config, 1);
      BenchFiles.deleteRecursively(root.resolve("state"));
      measure("full rebuild (state directory deleted)", log, config, 2);
    } finally {
      if (temp) {
        BenchFiles.deleteRecursively(root);
      }
    }
  }

  private static void measure(String what, Log log, StreamsConfig config, int run)
      throws Exception {
    CountDownLatch probed = new CountDownLatch(1);
    AtomicLong restored = new AtomicLong();
    long t0 = System.nanoTime();
    Streams streams = new Streams(topology(probed), config, log);
    streams.setStateRestoreListener(new StateRestoreListener() {
      @Override
      public void onRestoreEnd(String storeName, TopicPartition changelog, long totalRestored) {
        restored.addAndGet(totalRestored);
      }
    });
    streams.start();
    String key = PROBE + run;
    byte[] k = Serdes.String().serializer().serialize(INPUT, key);
    log.append(new TopicPartition(INPUT, 0),
        List.of(LogRecord.of(k, Serdes.Long().serializer().serialize(INPUT, 1L), 0)));
    if (!probed.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException(what + ": the new record was not processed");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    streams.close(Duration.ofMinutes(2));
    System.out.printf("%s: %.2f s from new Streams(...) to the first new record processed"
        + " (%,d changelog records restored)%n", what, seconds, restored.get());
  }

  /** Latest salary per employee in a persistent store; {@code probed} counts down on a probe. */
  private static Topology topology(CountDownLatch probed) {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, Long> in = b.stream(INPUT, Consumed.with(Serdes.String(), Serdes.Long()));
    in.groupByKey().reduce((a, v) -> v, Materialized.<String, Long>as("latest-salary")
        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long())
        .withStoreType(StoreType.PERSISTENT));
    in.foreach((key, v) -> {
      if (key.startsWith(PROBE)) {
        probed.countDown();
      }
    });
    return b.build();
  }

  private static void append(Log log, int employees) {
    final int batch = 10_000;
    List<List<LogRecord>> parts = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      parts.add(new ArrayList<>());
    }
    for (int e = 0; e < employees; e++) {
      byte[] k = Serdes.String().serializer().serialize(INPUT, String.format("e%07d", e));
      byte[] v = Serdes.Long().serializer().serialize(INPUT, 40_000L + e % 60_000);
      List<LogRecord> part = parts.get(e % PARTITIONS);
      part.add(LogRecord.of(k, v, e));
      if (part.size() == batch) {
        log.append(new TopicPartition(INPUT, e % PARTITIONS), part);
        part.clear();
      }
    }
    for (int p = 0; p < PARTITIONS; p++) {
      if (!parts.get(p).isEmpty()) {
        log.append(new TopicPartition(INPUT, p), parts.get(p));
      }
    }
  }

  private static long committed(Log log) {
    List<TopicPartition> tps = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      tps.add(new TopicPartition(INPUT, p));
    }
    Map<TopicPartition, Long> c = log.committedOffsets(APP, tps);
    return c.values().stream().mapToLong(Long::longValue).sum();
  }
}
