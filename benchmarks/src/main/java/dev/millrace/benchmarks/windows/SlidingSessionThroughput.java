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
import dev.millrace.streams.kstream.SessionWindows;
import dev.millrace.streams.kstream.SlidingWindows;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Throughput of a sliding-window count and a session-window count through the real {@link
 * Streams} runtime on an in-memory log, on the in-memory store engine and on RocksDB: events of
 * {@code keys} keys, event time advancing 1 ms per record with up to 1 s of disorder (1 s grace, so
 * no record is late), counted per key in sliding windows of a 5 s time difference or in sessions
 * of a 5 s inactivity gap; at-least-once, 5 s commit interval. With 1,000 keys each key sees a
 * record about every second, so a record falls into about ten sliding windows and every session
 * keeps growing.
 *
 * <p>The input is produced first; the clock runs from {@code start()} until every record was
 * processed and the clean {@code close()} (which flushes the caches, forwards the collapsed
 * results and commits them) returned, so that the figure does not depend on where the commit
 * interval happens to end.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.millrace.benchmarks.windows.SlidingSessionThroughput [records] [keys] [runs]
 * [sliding|session|both] [rocksdb|memory|both] [partitions]}; defaults 1,000,000 records, 1,000
 * keys, 3 runs, both, both, 1 partition (one stream thread).
 */
public final class SlidingSessionThroughput {
  private static final String APP = "sliding-session";
  private static final Duration WINDOW = Duration.ofSeconds(5);
  private static final Duration GRACE = Duration.ofSeconds(1);
  private static final int DISORDER_MS = 1000;

  private SlidingSessionThroughput() {}

  /** The operator under test. */
  enum Kind {
    SLIDING, SESSION
  }

  static Topology topology(Kind kind, StoreType storeType) {
    StreamsBuilder b = new StreamsBuilder();
    KGroupedStream<String, Long> byKey = b.stream("events",
        Consumed.with(Serdes.String(), Serdes.Long())).groupByKey();
    Materialized<String, Long> counts = Materialized.<String, Long>as("counts")
        .withStoreType(storeType);
    var table = kind == Kind.SLIDING
        ? byKey.windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(WINDOW, GRACE)).count(counts)
        : byKey.windowedBy(SessionWindows.ofInactivityGapAndGrace(WINDOW, GRACE)).count(counts);
    table.toStream().to("counts-out", Produced.with(null, Serdes.Long()));
    return b.build();
  }

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<Kind> kinds = args.length > 3 && !args[3].equals("both")
        ? List.of(Kind.valueOf(args[3].toUpperCase(java.util.Locale.ROOT)))
        : List.of(Kind.SLIDING, Kind.SESSION);
    List<StoreType> engines = args.length > 4 && !args[4].equals("both")
        ? List.of(args[4].equals("memory") ? StoreType.IN_MEMORY : StoreType.PERSISTENT)
        : List.of(StoreType.IN_MEMORY, StoreType.PERSISTENT);
    int partitions = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    for (int run = 0; run < runs; run++) {
      for (Kind kind : kinds) {
        for (StoreType engine : engines) {
          double perSecond = runOnce(kind, engine, records, keys, partitions);
          System.out.printf("run %d: %s count, %s, %,d records, %,d keys, %d partitions:"
              + " %,.0f records/s%n", run + 1, kind.name().toLowerCase(java.util.Locale.ROOT),
              engine == StoreType.IN_MEMORY ? "in-memory" : "rocksdb", records, keys, partitions,
              perSecond);
        }
      }
    }
  }

  static double runOnce(Kind kind, StoreType engine, int records, int keys, int partitions)
      throws Exception {
    Path stateDir = Files.createTempDirectory("sliding-session-bench-");
    try (InMemoryLog log = InMemoryLog.create()) {
      log.createTopic("events", TopicConfig.partitions(partitions));
      log.createTopic("counts-out", TopicConfig.partitions(partitions));
      produce(log, records, keys, partitions);
      StreamsConfig config = StreamsConfig.builder(APP)
          .processingGuarantee(ProcessingGuarantee.AT_LEAST_ONCE)
          .commitInterval(Duration.ofSeconds(5))
          .numStreamThreads(Math.min(partitions, 2))
          .stateDir(stateDir)
          .build();
      long start = System.nanoTime();
      Streams streams = new Streams(topology(kind, engine), config, log);
      try {
        streams.start();
        while (streams.metrics().recordsProcessed() < records) {
          if (streams.state() == Streams.State.ERROR) {
            throw new IllegalStateException("the application failed");
          }
          Thread.sleep(2);
        }
        if (streams.metrics().recordsSkipped() != 0) {
          throw new IllegalStateException(streams.metrics().recordsSkipped()
              + " records skipped; the input should have no late records");
        }
      } finally {
        streams.close();
      }
      return records / ((System.nanoTime() - start) / 1e9);
    } finally {
      BenchFiles.deleteRecursively(stateDir);
    }
  }

  private static void produce(InMemoryLog log, int records, int keys, int partitions) {
    Random random = new Random(42);
    List<List<LogRecord>> batches = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      batches.add(new ArrayList<>());
    }
    byte[][] keyBytes = new byte[keys][];
    for (int k = 0; k < keys; k++) {
      keyBytes[k] = Serdes.String().serializer().serialize("events", "key-" + k);
    }
    byte[] value = ByteBuffer.allocate(8).putLong(1).array();
    long epoch = 1_700_000_000_000L;
    for (int i = 0; i < records; i++) {
      int k = random.nextInt(keys);
      long ts = epoch + i - random.nextInt(DISORDER_MS);
      int p = k % partitions;
      List<LogRecord> batch = batches.get(p);
      batch.add(LogRecord.of(keyBytes[k], value, ts));
      if (batch.size() == 10_000) {
        log.append(new TopicPartition("events", p), batch);
        batches.set(p, new ArrayList<>());
      }
    }
    for (int p = 0; p < partitions; p++) {
      if (!batches.get(p).isEmpty()) {
        log.append(new TopicPartition("events", p), batches.get(p));
      }
    }
  }

}
