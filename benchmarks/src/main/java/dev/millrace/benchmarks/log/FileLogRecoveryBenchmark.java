package dev.millrace.benchmarks.log;

import dev.millrace.benchmarks.BenchFiles;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.file.FileLogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to open (and so recover) a large log: 4 partitions of {@code batchesPerPartition} batches of
 * 1,000 records with 100-byte values; the default 2,000 batches make about 1.06 GB on disk, the
 * size the log-file issue sets its "open and recover in under 2 seconds" target for.
 * The active segment of each partition is always scanned and CRC-checked in full, as after a
 * crash. Sealed segments only load their index files, unless {@code crashBeforeFlush}: then every
 * index file is deleted before each open, as if the process died before the background flusher
 * reached any sealed segment, and every segment is scanned (the worst case).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class FileLogRecoveryBenchmark {
  private static final int PARTITIONS = 4;

  @Param({"16", "128"})
  public int segmentMiB;

  @Param({"2000"})
  public int batchesPerPartition;

  @Param({"false", "true"})
  public boolean crashBeforeFlush;

  private Path dir;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = BenchData.tempDir("recover");
    try (FileLog w = FileLog.open(dir, FileLogConfig.defaults().withSyncOnCommit(false)
        .withCleanerInterval(Duration.ZERO))) {
      w.createTopic("bench", TopicConfig.partitions(PARTITIONS)
          .withSegmentBytes(segmentMiB << 20));
      for (int p = 0; p < PARTITIONS; p++) {
        for (int i = 0; i < batchesPerPartition; i++) {
          w.append(TopicPartition.of("bench", p), BenchData.batch(i));
        }
      }
      w.flush();
    }
  }

  @Setup(Level.Invocation)
  public void loseIndexFiles() throws IOException {
    if (!crashBeforeFlush) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(f -> f.toString().endsWith("index")).toList()) {
        Files.delete(f);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    BenchFiles.deleteRecursively(dir);
  }

  @Benchmark
  public long openAndRecover() {
    try (FileLog log = FileLog.open(dir, FileLogConfig.defaults()
        .withCleanerInterval(Duration.ZERO))) {
      return log.endOffset(TopicPartition.of("bench", 0));
    }
  }
}
