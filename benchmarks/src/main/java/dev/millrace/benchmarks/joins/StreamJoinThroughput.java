package dev.millrace.benchmarks.joins;

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
import dev.millrace.streams.kstream.JoinWindows;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.Produced;
import dev.millrace.streams.kstream.StreamJoined;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Throughput of a windowed outer join of ad impressions with clicks through the real {@link
 * Streams} runtime on an in-memory log, with in-memory and RocksDB join buffers: one impression
 * per ms of event time over {@code ads} ads, a click for 30% of them 0-5 s later (so most clicks
 * find their impression, and 70% of the impressions get a null-click result once their window
 * closes), 10 s time difference, 1 s grace, at-least-once, 5 s commit interval, tasks waiting
 * up to 100 ms for an input that ran dry so that the two topics are merged in time order. Records/s counts
 * impressions plus clicks, from {@code start()} until all were processed and {@code close()}
 * returned.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.millrace.benchmarks.joins.StreamJoinThroughput [impressions] [ads] [runs]
 * [rocksdb|memory|both]}; defaults 500,000 impressions, 10,000 ads, 3 runs, both.
 */
public final class StreamJoinThroughput {
  private static final String APP = "join-bench";

  private StreamJoinThroughput() {}

  static Topology topology(StoreType storeType) {
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> impressions = b.stream("impressions",
        Consumed.with(Serdes.String(), Serdes.String()));
    KStream<String, String> clicks = b.stream("clicks",
        Consumed.with(Serdes.String(), Serdes.String()));
    impressions.outerJoin(clicks, (i, c) -> c == null ? i : i == null ? c : i + c,
            JoinWindows.ofTimeDifferenceAndGrace(Duration.ofSeconds(10), Duration.ofSeconds(1)),
            StreamJoined.<String, String, String>as("ad-clicks").withStoreType(storeType))
        .to("out", Produced.with(Serdes.String(), Serdes.String()));
    return b.build();
  }

  public static void main(String[] args) throws Exception {
    int impressions = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    int ads = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<StoreType> engines = args.length > 3 && !args[3].equals("both")
        ? List.of(args[3].equals("memory") ? StoreType.IN_MEMORY : StoreType.PERSISTENT)
        : List.of(StoreType.IN_MEMORY, StoreType.PERSISTENT);
    for (int run = 0; run < runs; run++) {
      for (StoreType engine : engines) {
        long[] total = new long[1];
        double perSecond = runOnce(engine, impressions, ads, total);
        System.out.printf("run %d: outer join, %s, %,d impressions + clicks, %,d ads:"
            + " %,.0f records/s%n", run + 1,
            engine == StoreType.IN_MEMORY ? "in-memory" : "rocksdb", total[0], ads, perSecond);
      }
    }
  }

  static double runOnce(StoreType engine, int impressions, int ads, long[] total)
      throws Exception {
    Path stateDir = Files.createTempDirectory("join-bench-");
    try (InMemoryLog log = InMemoryLog.create()) {
      for (String t : List.of("impressions", "clicks", "out")) {
        log.createTopic(t, TopicConfig.partitions(1));
      }
      total[0] = produce(log, impressions, ads);
      StreamsConfig config = StreamsConfig.builder(APP)
          .processingGuarantee(ProcessingGuarantee.AT_LEAST_ONCE)
          .commitInterval(Duration.ofSeconds(5))
          // wait for the other topic's next batch rather than run ahead of it (that would make
          // its records late)
          .maxTaskIdle(Duration.ofMillis(100))
          .stateDir(stateDir)
          .build();
      long start = System.nanoTime();
      Streams streams = new Streams(topology(engine), config, log);
      try {
        streams.start();
        while (streams.metrics().recordsProcessed() < total[0]) {
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
      return total[0] / ((System.nanoTime() - start) / 1e9);
    } finally {
      BenchFiles.deleteRecursively(stateDir);
    }
  }

  /** Impressions in time order, clicks in time order; returns the number of records. */
  private static long produce(InMemoryLog log, int impressions, int ads) {
    Random random = new Random(42);
    long epoch = 1_700_000_000_000L;
    List<LogRecord> imp = new ArrayList<>();
    List<long[]> clicks = new ArrayList<>();
    byte[][] keys = new byte[ads][];
    for (int a = 0; a < ads; a++) {
      keys[a] = Serdes.String().serializer().serialize("impressions", "ad-" + a);
    }
    byte[] value = Serdes.String().serializer().serialize("impressions", "v");
    for (int i = 0; i < impressions; i++) {
      int ad = random.nextInt(ads);
      imp.add(LogRecord.of(keys[ad], value, epoch + i));
      if (random.nextInt(10) < 3) {
        clicks.add(new long[] {epoch + i + random.nextInt(5_000), ad});
      }
    }
    clicks.sort((x, y) -> Long.compare(x[0], y[0]));
    List<LogRecord> clk = new ArrayList<>(clicks.size());
    for (long[] c : clicks) {
      clk.add(LogRecord.of(keys[(int) c[1]], value, c[0]));
    }
    for (int i = 0; i < imp.size(); i += 10_000) {
      log.append(new TopicPartition("impressions", 0), imp.subList(i,
          Math.min(imp.size(), i + 10_000)));
    }
    for (int i = 0; i < clk.size(); i += 10_000) {
      log.append(new TopicPartition("clicks", 0), clk.subList(i,
          Math.min(clk.size(), i + 10_000)));
    }
    return imp.size() + clk.size();
  }
}
