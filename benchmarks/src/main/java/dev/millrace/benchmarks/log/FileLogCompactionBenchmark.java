package dev.millrace.benchmarks.log;

import dev.millrace.benchmarks.BenchFiles;
import dev.millrace.log.CleanupPolicy;
import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.file.FileLogConfig;
import dev.millrace.log.file.internal.FileLogEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
 * One compaction pass over a changelog-like compacted partition: {@code keys} distinct keys
 * ({@code employee-<n>}, 100-byte values), each written {@code versions} times in key order, in
 * 16 MiB segments, all of it dirty or ({@code mostlyClean}) compacted once and then 5% of the
 * keys written again. Each invocation compacts a fresh copy; the score is the pass alone (the
 * copy and the open are set-up, though JMH's gc profiler counts them: {@link #setUpOnly} measures
 * them alone). Run with {@code -prof gc} for the bytes allocated per pass, which is mostly the
 * cleaner's map of latest offsets per key.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@State(Scope.Benchmark)
public class FileLogCompactionBenchmark {
  private static final TopicPartition TP = TopicPartition.of("changelog", 0);

  @Param({"200000"})
  public int keys;

  @Param({"4"})
  public int versions;

  /**
   * false: the whole partition is dirty (as on the first pass); true: it was compacted once, then
   * 5% of the keys were written again, so the pass meets a clean part and a small dirty one.
   */
  @Param({"false", "true"})
  public boolean mostlyClean;

  private Path template;
  private Path work;
  private FileLogEngine log;

  @Setup(Level.Trial)
  public void write() throws IOException {
    template = BenchData.tempDir("compaction");
    Random rnd = new Random(1);
    try (FileLog w = FileLog.open(template, FileLogConfig.defaults()
        .withSyncOnCommit(false).withCleanerInterval(Duration.ZERO))) {
      w.createTopic("changelog", TopicConfig.partitions(1)
          .withCleanupPolicy(CleanupPolicy.COMPACT).withSegmentBytes(16 << 20));
      List<LogRecord> batch = new ArrayList<>(BenchData.BATCH);
      for (long i = 0; i < (long) keys * versions; i++) {
        byte[] value = new byte[BenchData.VALUE_BYTES];
        rnd.nextBytes(value);
        batch.add(LogRecord.of(("employee-" + i % keys).getBytes(), value, i));
        if (batch.size() == BenchData.BATCH) {
          w.append(TP, batch);
          batch = new ArrayList<>(BenchData.BATCH);
        }
      }
      if (!batch.isEmpty()) {
        w.append(TP, batch);
        batch = new ArrayList<>(BenchData.BATCH);
      }
      w.flush();
      if (mostlyClean) {
        w.append(TP, List.of(LogRecord.of("roll".getBytes(), new byte[16 << 20], 0)));
        w.flush(); // every first write is in a sealed segment now: the cleaner takes them all
        ((FileLogEngine) w).runCleaner();
        for (int k = 0; k < keys / 20; k++) {
          byte[] value = new byte[BenchData.VALUE_BYTES];
          rnd.nextBytes(value);
          batch.add(LogRecord.of(("employee-" + k * 20).getBytes(), value, k));
          if (batch.size() == BenchData.BATCH) {
            w.append(TP, batch);
            batch = new ArrayList<>(BenchData.BATCH);
          }
        }
        w.append(TP, List.of(LogRecord.of("roll".getBytes(), new byte[16 << 20], 0)));
        w.flush();
      }
    }
  }

  @Setup(Level.Invocation)
  public void copyAndOpen() throws IOException {
    work = BenchData.tempDir("compaction-run");
    try (Stream<Path> files = Files.walk(template)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = work.resolve(template.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else if (!f.getFileName().toString().equals(".lock")) {
          Files.copy(f, target);
        }
      }
    }
    log = FileLogEngine.open(work, FileLogConfig.defaults().withCleanerInterval(Duration.ZERO),
        false);
  }

  @TearDown(Level.Invocation)
  public void closeAndDelete() throws IOException {
    log.close();
    BenchFiles.deleteRecursively(work);
  }

  @TearDown(Level.Trial)
  public void deleteTemplate() throws IOException {
    BenchFiles.deleteRecursively(template);
  }

  /** A full pass: index the latest offset of every key, then rewrite every sealed segment. */
  @Benchmark
  public long compactOnce() throws IOException {
    log.runCleaner();
    return log.beginningOffset(TP);
  }

  /**
   * Nothing but the per-invocation set-up (copy, open, close), which JMH's gc profiler counts in
   * each iteration's allocation (not in its time): subtract it from {@link #compactOnce}.
   */
  @Benchmark
  public long setUpOnly() {
    return log.beginningOffset(TP);
  }
}
