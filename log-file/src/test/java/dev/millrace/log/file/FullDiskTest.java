package dev.millrace.log.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.millrace.log.CleanupPolicy;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.LogRecord;
import dev.millrace.log.LogStorageException;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real full disk: a 1 MiB tmpfs, partly taken by a ballast file, filled by appends and
 * transactions until the kernel answers ENOSPC, wherever that happens to hit (a batch write, a
 * segment roll, index files in the background, the journal, a compaction). Every failure says so
 * and names the file; nothing acknowledged is lost and nothing refused appears; once the ballast
 * is deleted the same log takes writes again, without a reopen.
 *
 * <p>Mounting needs root; elsewhere the test is skipped, and {@code FaultsAndBadInputTest} and
 * {@code BackgroundFlushTest} cover the same paths with injected ENOSPC.
 */
class FullDiskTest {
  private static final TopicPartition TP = TopicPartition.of("t", 0);

  /** Whether {@code command} ran and succeeded (false also if there is no such program). */
  private static boolean run(String... command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @ParameterizedTest(name = "{0} KiB segments, {1} KiB ballast, {2}")
  @CsvSource({"4, 100, DELETE", "4, 700, COMPACT", "64, 100, COMPACT", "64, 700, DELETE",
      "16, 400, DELETE", "16, 400, COMPACT"})
  void writesFailClearlyLoseNothingAndResumeWhenSpaceReturns(int segmentKb, int ballastKb,
      CleanupPolicy policy) throws Exception {
    Path mount = Files.createTempDirectory("millrace-full-disk");
    boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString());
    if (!mounted) {
      Files.delete(mount);
    }
    assumeTrue(mounted, "cannot mount a tmpfs here (needs root)");
    try {
      Path ballast = mount.resolve("ballast");
      Files.write(ballast, new byte[ballastKb * 1024]);
      Path dir = mount.resolve("log");
      Set<String> acked = new HashSet<>();
      Set<String> refused = new HashSet<>();
      long committedGroupOffset = -1;
      try (FileLog log = FileLog.open(dir, FileLogConfig.defaults()
          .withCleanerInterval(Duration.ofMillis(5)))) {
        log.createTopic("t", TopicConfig.partitions(1).withSegmentBytes(segmentKb * 1024)
            .withCleanupPolicy(policy));
        TransactionalWriter w = log.initTransactions("tx");
        int failures = 0;
        for (int i = 0; failures < 5; i++) {
          assertTrue(i < 100_000, "the disk never filled");
          List<String> ids = new ArrayList<>();
          List<LogRecord> batch = new ArrayList<>();
          for (int j = 0; j < 10; j++) {
            String id = "r" + i + "." + j;
            ids.add(id);
            batch.add(LogRecord.of(id.getBytes(), id.getBytes(), i));
          }
          try {
            if (i % 2 == 0) {
              log.append(TP, batch);
              log.flush();
            } else {
              w.beginTransaction();
              w.append(TP, batch);
              w.addOffsets("g", Map.of(TP, (long) i));
              w.commitTransaction();
              committedGroupOffset = i;
            }
            acked.addAll(ids);
          } catch (LogStorageException e) {
            failures++;
            refused.addAll(ids);
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            if (w.inTransaction()) {
              w.abortTransaction();
            }
          }
        }
        Files.delete(ballast);
        for (int i = 0; i < 20; i++) {
          String id = "after" + i;
          log.append(TP, List.of(LogRecord.of(id.getBytes(), id.getBytes(), 1)));
          log.flush();
          acked.add(id);
        }
        w.beginTransaction();
        w.append(TP, List.of(LogRecord.of("after-txn".getBytes(), "after-txn".getBytes(), 1)));
        w.addOffsets("g", Map.of(TP, 1_000_000L));
        w.commitTransaction();
        acked.add("after-txn");
        committedGroupOffset = 1_000_000L;
      }
      try (FileLog log = FileLog.open(dir)) {
        Set<String> read = new HashSet<>();
        long offset = log.beginningOffset(TP);
        while (true) {
          ReadResult r = log.read(TP, offset, 1000, 1 << 20, IsolationLevel.READ_COMMITTED);
          for (StoredRecord rec : r.records()) {
            String id = new String(rec.value());
            assertTrue(read.add(id), id + " read twice");
            assertFalse(refused.contains(id), id + " was refused but is there");
          }
          if (r.nextOffset() == offset) {
            break;
          }
          offset = r.nextOffset();
        }
        assertEquals(acked, read, "every key is unique: compaction keeps them all");
        assertEquals(Map.of(TP, committedGroupOffset), log.committedOffsets("g", List.of(TP)));
      }
    } finally {
      if (run("umount", mount.toString())) {
        Files.deleteIfExists(mount);
      }
    }
  }
}
