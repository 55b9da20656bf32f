package dev.millrace.benchmarks.log;

import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.file.FileLogConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * Time to open (and so recover) a large log: 4 partitions of 500,000 records each (about 270 MB).
 * With {@code segmentMiB = 128} (the default) each partition is one active segment, scanned and
 * CRC-checked in full as after a crash: the worst case. With 16 MiB segments most data sits in
 * sealed segments, which only load their index files.
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

  private Path dir;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = BenchData.tempDir("recover");
    try (FileLog w = FileLog.open(dir, FileLogConfig.defaults().withSyncOnCommit(false)
        .withCleanerInterval(Duration.ZERO))) {
      w.createTopic("bench", TopicConfig.partitions(PARTITIONS)
          .withSegmentBytes(segmentMiB << 20));
      for (int p = 0; p < PARTITIONS; p++) {
        for (int i = 0; i < 500; i++) {
          w.append(TopicPartition.of("bench", p), BenchData.batch(i));
        }
      }
      w.flush();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    BenchData.delete(dir);
  }

  @Benchmark
  public long openAndRecover() {
    try (FileLog log = FileLog.open(dir, FileLogConfig.defaults()
        .withCleanerInterval(Duration.ZERO))) {
      return log.endOffset(TopicPartition.of("bench", 0));
    }
  }
}
