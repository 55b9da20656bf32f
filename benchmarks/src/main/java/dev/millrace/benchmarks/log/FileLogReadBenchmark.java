package dev.millrace.benchmarks.log;

import dev.millrace.benchmarks.BenchFiles;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.ReadResult;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.file.FileLogConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sequential reads of 1,000 records (100-byte values) at a time from a warm (page-cached) log,
 * next to the two raw ways of getting the same bytes out of a file: positional
 * {@link FileChannel#read(ByteBuffer, long)} into a direct buffer, and a {@link MappedByteBuffer}
 * copied into a heap array. The log reads with positional reads; the raw pair shows what mmap
 * would gain. Scores are records per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class FileLogReadBenchmark {
  private static final TopicPartition TP = TopicPartition.of("bench", 0);
  private static final int BATCHES = 500; // 500,000 records, about 70 MB

  private Path dir;
  private FileLog log;
  private long next;
  private long end;
  private FileChannel segment;
  private long segmentSize;
  private int chunk;
  private long rawPosition;
  private ByteBuffer direct;
  private MappedByteBuffer mapped;
  private byte[] heap;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = BenchData.tempDir("read");
    try (FileLog w = FileLog.open(dir, FileLogConfig.defaults().withSyncOnCommit(false)
        .withCleanerInterval(Duration.ZERO))) {
      w.createTopic("bench", TopicConfig.partitions(1));
      for (int i = 0; i < BATCHES; i++) {
        w.append(TP, BenchData.batch(i));
      }
      w.flush();
    }
    log = FileLog.open(dir, FileLogConfig.defaults().withCleanerInterval(Duration.ZERO));
    end = log.endOffset(TP);
    Path seg = dir.resolve("topics/bench/0/00000000000000000000.log");
    segment = FileChannel.open(seg, StandardOpenOption.READ);
    segmentSize = Files.size(seg);
    chunk = BenchData.encodedSize(BenchData.batch(0));
    direct = ByteBuffer.allocateDirect(chunk);
    heap = new byte[chunk];
    mapped = segment.map(FileChannel.MapMode.READ_ONLY, 0, segmentSize);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    log.close();
    segment.close();
    BenchFiles.deleteRecursively(dir);
  }

  @Benchmark
  @OperationsPerInvocation(BenchData.BATCH)
  public ReadResult fileLog() {
    if (next >= end) {
      next = 0;
    }
    ReadResult r = log.read(TP, next, BenchData.BATCH, Integer.MAX_VALUE,
        IsolationLevel.READ_COMMITTED);
    next = r.nextOffset();
    return r;
  }

  @Benchmark
  @OperationsPerInvocation(BenchData.BATCH)
  public int rawPositionalRead() throws IOException {
    if (rawPosition + chunk > segmentSize) {
      rawPosition = 0;
    }
    direct.clear();
    int n = 0;
    while (direct.hasRemaining()) {
      n += segment.read(direct, rawPosition + n);
    }
    rawPosition += n;
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(BenchData.BATCH)
  public byte[] rawMmapRead() {
    if (rawPosition + chunk > segmentSize) {
      rawPosition = 0;
    }
    mapped.get((int) rawPosition, heap);
    rawPosition += chunk;
    return heap;
  }
}
