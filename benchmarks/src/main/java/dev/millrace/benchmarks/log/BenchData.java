package dev.millrace.benchmarks.log;

import dev.millrace.log.LogRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared fixtures: batches of 1,000 records with 100-byte values, and temp directories. */
final class BenchData {
  static final int BATCH = 1000;
  static final int VALUE_BYTES = 100;

  private BenchData() {}

  static List<LogRecord> batch(long seed) {
    Random rnd = new Random(seed);
    List<LogRecord> out = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      byte[] key = ("key-" + (seed * BATCH + i)).getBytes();
      byte[] value = new byte[VALUE_BYTES];
      rnd.nextBytes(value);
      out.add(LogRecord.of(key, value, 1_700_000_000_000L + i));
    }
    return out;
  }

  /** Bytes a batch occupies on disk, so raw-file baselines write the same volume. */
  static int encodedSize(List<LogRecord> batch) {
    int size = 53;
    for (LogRecord r : batch) {
      size += 24 + r.key().length + r.value().length;
    }
    return size;
  }

  static Path tempDir(String prefix) throws IOException {
    String base = System.getProperty("millrace.bench.dir");
    return base == null ? Files.createTempDirectory(prefix)
        : Files.createTempDirectory(Files.createDirectories(Path.of(base)), prefix);
  }

}
