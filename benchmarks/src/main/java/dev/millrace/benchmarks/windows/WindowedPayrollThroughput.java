package dev.millrace.benchmarks.windows;

import dev.millrace.benchmarks.BenchFiles;
import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.runtime.Streams;
import dev.millrace.serialization.Serdes;
import dev.millrace.state.StoreType;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.KGroupedStream;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import dev.millrace.streams.kstream.TimeWindows;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Throughput of the windowed payroll aggregation: payments (department → amount, event time
 * advancing ~1 ms per record with up to 2 s of disorder) summed per department in 1-minute
 * tumbling windows and in 5-minute windows hopping by 1 minute, both on RocksDB window stores,
 * exactly once, through the real {@link Streams} runtime on an in-memory log (so the figure is the
 * runtime and the stores, not log I/O). The input is produced first; the clock runs from start
 * until every input offset is committed.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.millrace.benchmarks.windows.WindowedPayrollThroughput [records] [partitions] [runs]
 * [cacheMaxBytes]}; a cache of 0 sends every update through to RocksDB and the changelog.
 */
public final class WindowedPayrollThroughput {
  private static final String APP = "windowed-payroll";
  private static final int DEPARTMENTS = 50;

  private WindowedPayrollThroughput() {}

  static Topology topology() {
    StreamsBuilder b = new StreamsBuilder();
    KGroupedStream<String, Long> byDepartment = b.stream("payments",
        Consumed.with(Serdes.String(), Serdes.Long())).groupByKey();
    byDepartment.windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1),
            Duration.ofSeconds(5)))
        .reduce(Long::sum, Materialized.<String, Long>as("per-minute")
            .withStoreType(StoreType.PERSISTENT))
        .toStream().to("per-minute-out", Produced.with(null, Serdes.Long()));
    byDepartment.windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(5),
            Duration.ofSeconds(5)).advanceBy(Duration.ofMinutes(1)))
        .reduce(Long::sum, Materialized.<String, Long>as("five-minutes")
            .withStoreType(StoreType.PERSISTENT))
        .toStream().to("five-minutes-out", Produced.with(null, Serdes.Long()));
    return b.build();
  }

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    long cache = args.length > 3 ? Long.parseLong(args[3])
        : StreamsConfig.DEFAULT_CACHE_MAX_BYTES;
    for (int run = 0; run < runs; run++) {
      double perSecond = runOnce(records, partitions, cache);
      System.out.printf("run %d: %,d records, %d partitions, cache %,d bytes: %,.0f records/s%n",
          run + 1, records, partitions, cache, perSecond);
    }
  }

  static double runOnce(int records, int partitions, long cacheMaxBytes) throws Exception {
    Path stateDir = Files.createTempDirectory("windowed-payroll-bench-");
    try (InMemoryLog log = InMemoryLog.create()) {
      log.createTopic("payments", TopicConfig.partitions(partitions));
      log.createTopic("per-minute-out", TopicConfig.partitions(partitions));
      log.createTopic("five-minutes-out", TopicConfig.partitions(partitions));
      produce(log, records, partitions);
      StreamsConfig config = StreamsConfig.builder(APP)
          .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
          .numStreamThreads(Math.min(partitions, 2))
          .cacheMaxBytes(cacheMaxBytes)
          .stateDir(stateDir)
          .build();
      long start = System.nanoTime();
      try (Streams streams = new Streams(topology(), config, log)) {
        streams.start();
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
          tps.add(new TopicPartition("payments", p));
        }
        while (true) {
          Map<TopicPartition, Long> committed = log.committedOffsets(APP, tps);
          boolean done = true;
          for (TopicPartition tp : tps) {
            done &= committed.getOrDefault(tp, 0L) >= log.endOffset(tp);
          }
          if (done) {
            break;
          }
          Thread.sleep(2);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (streams.metrics().recordsSkipped() != 0) {
          throw new IllegalStateException(streams.metrics().recordsSkipped()
              + " records skipped; the input should have no late records");
        }
        return records / seconds;
      }
    } finally {
      BenchFiles.deleteRecursively(stateDir);
    }
  }

  private static void produce(InMemoryLog log, int records, int partitions) {
    Random random = new Random(42);
    List<List<LogRecord>> batches = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      batches.add(new ArrayList<>());
    }
    byte[][] keys = new byte[DEPARTMENTS][];
    for (int d = 0; d < DEPARTMENTS; d++) {
      keys[d] = Serdes.String().serializer().serialize("payments", "department-" + d);
    }
    long epoch = 1_700_000_000_000L;
    for (int i = 0; i < records; i++) {
      int d = random.nextInt(DEPARTMENTS);
      long ts = epoch + i - random.nextInt(2000);
      byte[] value = ByteBuffer.allocate(8).putLong(100 + random.nextInt(10_000)).array();
      List<LogRecord> batch = batches.get(d % partitions);
      batch.add(LogRecord.of(keys[d], value, ts));
      if (batch.size() == 10_000) {
        log.append(new TopicPartition("payments", d % partitions), batch);
        batches.set(d % partitions, new ArrayList<>());
      }
    }
    for (int p = 0; p < partitions; p++) {
      if (!batches.get(p).isEmpty()) {
        log.append(new TopicPartition("payments", p), batches.get(p));
      }
    }
  }

}
