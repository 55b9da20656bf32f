package dev.millrace.benchmarks.log;

import dev.millrace.benchmarks.BenchFiles;
import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.file.FileLogConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appending batches of 1,000 records with 100-byte values to the file log, under three
 * durability policies, next to a raw {@link FileChannel} writing the same bytes with the same
 * fsync pattern: the gap is the log's own cost (encoding, CRC, indexing, bookkeeping).
 * Scores are records per second.
 *
 * <ul>
 *   <li>{@code none}: no fsync (page cache only);
 *   <li>{@code perMiB}: fsync once a partition holds 1 MiB unsynced;
 *   <li>{@code perCommit}: each batch is one transaction, committed with fsync (log: the
 *       partition fsync, journal fsync and a marker; raw: one fsync per batch).
 * </ul>
 *
 * <p>For fsync-bound figures run one mode at a time ({@code -p sync=perCommit}): JMH orders runs
 * by method, so otherwise the raw runs come after gigabytes of unsynced {@code none} writes whose
 * writeback slows their fsyncs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class FileLogAppendBenchmark {
  private static final TopicPartition TP = TopicPartition.of("bench", 0);
  private static final long MIB = 1 << 20;

  @Param({"none", "perMiB", "perCommit"})
  public String sync;

  private Path dir;
  private FileLog log;
  private TransactionalWriter writer;
  private List<LogRecord> batch;
  private ByteBuffer raw;
  private FileChannel rawChannel;
  private long rawPosition;
  private long rawUnsynced;

  @Setup(Level.Iteration)
  public void setUp() throws IOException {
    dir = BenchData.tempDir("append");
    FileLogConfig cfg = FileLogConfig.defaults().withCleanerInterval(Duration.ZERO);
    cfg = switch (sync) {
      case "none" -> cfg.withSyncOnCommit(false);
      case "perMiB" -> cfg.withSyncOnCommit(false).withSyncEveryBytes(MIB);
      default -> cfg;
    };
    log = FileLog.open(dir.resolve("log"), cfg);
    log.createTopic("bench", TopicConfig.partitions(1));
    writer = log.initTransactions("bench");
    batch = BenchData.batch(1);
    raw = ByteBuffer.allocateDirect(BenchData.encodedSize(batch));
    new java.util.Random(2).ints(raw.capacity()).forEach(i -> {
      if (raw.hasRemaining()) {
        raw.put((byte) i);
      }
    });
    rawChannel = FileChannel.open(dir.resolve("raw.bin"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.READ);
    rawPosition = 0;
    rawUnsynced = 0;
  }

  @TearDown(Level.Iteration)
  public void tearDown() throws IOException {
    writer.close();
    log.close();
    rawChannel.close();
    BenchFiles.deleteRecursively(dir);
  }

  @Benchmark
  @OperationsPerInvocation(BenchData.BATCH)
  public long fileLog() {
    if (sync.equals("perCommit")) {
      writer.beginTransaction();
      long base = writer.append(TP, batch);
      writer.commitTransaction();
      return base;
    }
    return log.append(TP, batch);
  }

  @Benchmark
  @OperationsPerInvocation(BenchData.BATCH)
  public long rawFileChannel() throws IOException {
    raw.clear();
    while (raw.hasRemaining()) {
      rawPosition += rawChannel.write(raw, rawPosition);
    }
    rawUnsynced += raw.capacity();
    if (sync.equals("perCommit") || (sync.equals("perMiB") && rawUnsynced >= MIB)) {
      rawChannel.force(false);
      rawUnsynced = 0;
    }
    return rawPosition;
  }
}
