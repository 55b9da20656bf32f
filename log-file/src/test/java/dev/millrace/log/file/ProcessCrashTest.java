package dev.millrace.log.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.LogStorageException;
import dev.millrace.log.ReadOnlyLogException;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real processes: SIGKILL of a writer mid-transaction, and the one-writer lock. */
class ProcessCrashTest {

  static Process startChild(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Xmx128m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add(ChildWriter.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** What the child acknowledged: record value prefix per (partition, offset). */
  record Ack(int partition, long first, int count, String firstId) {}

  @Test
  @Timeout(120)
  void everyAcknowledgedRecordSurvivesSigkillExactlyOnce() throws Exception {
    Path dir = TempDirs.newDir();
    Random rnd = new Random(42);
    List<Ack> acked = new ArrayList<>();
    for (int run = 0; run < 20; run++) {
      Process child = startChild("txn", dir.toString(), "r" + run);
      try {
        BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        int killAfter = 5 + rnd.nextInt(60);
        for (int i = 0; i < killAfter; i++) {
          String line = out.readLine();
          assertNotNull(line, "child ended early in run " + run);
          String[] f = line.split(" ");
          acked.add(new Ack(Integer.parseInt(f[1]), Long.parseLong(f[2]),
              Integer.parseInt(f[3]), f[4]));
        }
      } finally {
        child.destroyForcibly(); // SIGKILL, mid-append or mid-commit
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
      }
      // destroy() closes the pipes: acks printed but not read yet are simply not counted.
      verify(dir, acked);
    }
    TempDirs.delete(dir);
  }

  private static void verify(Path dir, List<Ack> acked) {
    try (FileLog log = FileLog.open(dir, FileLogConfig.defaults())) {
      Map<String, Integer> seen = new HashMap<>();
      Map<Integer, Map<Long, String>> byOffset = new HashMap<>();
      for (int p = 0; p < 2; p++) {
        TopicPartition tp = TopicPartition.of("t", p);
        assertEquals(log.endOffset(tp), log.lastStableOffset(tp), "no transaction left open");
        Map<Long, String> values = new HashMap<>();
        long offset = 0;
        while (true) {
          ReadResult r = log.read(tp, offset, 500, 1 << 20, IsolationLevel.READ_COMMITTED);
          for (StoredRecord rec : r.records()) {
            String v = new String(rec.value(), StandardCharsets.UTF_8);
            String id = v.substring(0, v.indexOf('-', v.indexOf('-') + 1));
            seen.merge(id, 1, Integer::sum);
            values.put(rec.offset(), id);
          }
          if (r.nextOffset() == offset) {
            break;
          }
          offset = r.nextOffset();
        }
        byOffset.put(p, values);
      }
      seen.forEach((id, n) -> assertEquals(1, n, "record " + id + " appears " + n + " times"));
      for (Ack a : acked) {
        String[] parts = a.firstId().split("-");
        long seq = Long.parseLong(parts[1]);
        for (int i = 0; i < a.count(); i++) {
          String id = parts[0] + "-" + (seq + i);
          assertEquals(id, byOffset.get(a.partition()).get(a.first() + i),
              "acknowledged record " + id + " at " + a.partition() + "/" + (a.first() + i));
        }
      }
      Set<TopicPartition> tps = new HashSet<>();
      for (Ack a : acked) {
        tps.add(TopicPartition.of("t", a.partition()));
      }
      Map<TopicPartition, Long> committed = log.committedOffsets("g", tps);
      for (Ack a : acked) {
        TopicPartition tp = TopicPartition.of("t", a.partition());
        assertTrue(committed.get(tp) >= a.first() + a.count(),
            "group offset committed with the transaction for " + tp);
      }
    }
  }

  /**
   * SIGKILL, many times, of a process writing transactions into a compacted topic while its
   * cleaner compacts every 10 ms: after each restart, the latest value of every key is the last
   * one acknowledged, or a later one whose acknowledgement the kill cut off; never an aborted
   * one, never an older one.
   */
  @Test
  @Timeout(120)
  void latestAcknowledgedValuesSurviveSigkillsDuringCompaction() throws Exception {
    Path dir = TempDirs.newDir();
    Random rnd = new Random(43);
    Map<String, long[]> acked = new HashMap<>(); // partition/key -> {run, seq} last acknowledged
    long ackedWrites = 0;
    long records = 0;
    for (int run = 0; run < 12; run++) {
      Process child = startChild("compacted", dir.toString(), Integer.toString(run));
      try {
        BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long until = System.nanoTime() + (100 + rnd.nextInt(400)) * 1_000_000L;
        while (System.nanoTime() < until) {
          String line = out.readLine();
          assertNotNull(line, "child ended early in run " + run);
          String[] f = line.split(" ");
          long seq = Long.parseLong(f[3]);
          for (int i = 4; i < f.length; i++) {
            acked.put(f[1] + "/" + f[i], new long[] {run, seq + i - 4});
            ackedWrites++;
          }
        }
      } finally {
        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
      }
      try (FileLog log = FileLog.open(dir, FileLogConfig.defaults())) {
        Map<String, long[]> latest = new HashMap<>();
        records = 0;
        for (int p = 0; p < 2; p++) {
          TopicPartition tp = TopicPartition.of("ct", p);
          assertEquals(log.endOffset(tp), log.lastStableOffset(tp), "no transaction left open");
          long offset = log.beginningOffset(tp);
          while (true) {
            ReadResult r = log.read(tp, offset, 500, 1 << 20, IsolationLevel.READ_COMMITTED);
            for (StoredRecord rec : r.records()) {
              String[] v = new String(rec.value(), StandardCharsets.UTF_8).split(":");
              assertEquals(2, v.length, "aborted value read: " + String.join(":", v));
              records++;
              latest.put(p + "/" + new String(rec.key(), StandardCharsets.UTF_8),
                  new long[] {Long.parseLong(v[0]), Long.parseLong(v[1])});
            }
            if (r.nextOffset() == offset) {
              break;
            }
            offset = r.nextOffset();
          }
        }
        for (Map.Entry<String, long[]> e : acked.entrySet()) {
          long[] got = latest.get(e.getKey());
          assertNotNull(got, "run " + run + ": key " + e.getKey() + " lost");
          assertTrue(java.util.Arrays.compare(got, e.getValue()) >= 0, "run " + run + ": key "
              + e.getKey() + " reads " + java.util.Arrays.toString(got)
              + ", older than the acknowledged " + java.util.Arrays.toString(e.getValue()));
        }
      }
    }
    assertTrue(records < ackedWrites, "compaction ran: " + records + " records left of "
        + ackedWrites + " acknowledged writes"); // without it, every committed write is there
    TempDirs.delete(dir);
  }

  @Test
  @Timeout(60)
  void secondWriterProcessFailsAtOnceWhileReadersTail() throws Exception {
    Path dir = TempDirs.newDir();
    Process child = startChild("hold", dir.toString());
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("READY", out.readLine());
      LogStorageException e = assertThrows(LogStorageException.class,
          () -> FileLog.open(dir, FileLogConfig.defaults()));
      assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
      assertTrue(e.getMessage().contains("pid " + child.pid()), e.getMessage());

      try (FileLog reader = FileLog.openReadOnly(dir)) {
        assertTrue(reader.isReadOnly());
        TopicPartition tp = TopicPartition.of("t", 0);
        assertEquals(10, reader.endOffset(tp));
        assertEquals(10, reader.read(tp, 0, 100, 1 << 20, IsolationLevel.READ_COMMITTED)
            .records().size());
        assertThrows(ReadOnlyLogException.class,
            () -> reader.createTopic("x", TopicConfig.partitions(1)));
        assertThrows(ReadOnlyLogException.class, () -> reader.append(tp, List.of()));
      }
    } finally {
      child.getOutputStream().close();
      assertTrue(child.waitFor(20, TimeUnit.SECONDS));
    }
    try (FileLog log = FileLog.open(dir, FileLogConfig.defaults())) {
      assertFalse(log.isReadOnly(), "the lock is free once the holder exits");
      assertEquals(10, log.endOffset(TopicPartition.of("t", 0)));
    }
    TempDirs.delete(dir);
  }

  /**
   * A console consumer's situation: another process writes transactions (one in five aborted)
   * into small segments that retention keeps deleting, while this one tails the directory
   * read-only. It sees the committed records in order, each once, none aborted, and keeps up
   * with the writer across segment rolls and deletions.
   */
  @Test
  @Timeout(120)
  void aReadOnlyProcessTailsCommittedDataWhileTheWriterRuns() throws Exception {
    Path dir = TempDirs.newDir();
    TopicPartition tp = TopicPartition.of("s", 0);
    Process child = startChild("stream", dir.toString());
    long total;
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("READY", out.readLine());
      try (FileLog reader = FileLog.openReadOnly(dir)) {
        long offset = 0;
        long expected = -1; // the next committed value; -1 until the first record read
        long seen = 0;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (seen < 5_000) {
          assertTrue(System.nanoTime() < deadline, "saw only " + seen + " records");
          reader.awaitReadable(Map.of(tp, offset), IsolationLevel.READ_COMMITTED,
              java.time.Duration.ofMillis(100));
          ReadResult r;
          try {
            r = reader.read(tp, offset, 1000, 1 << 20, IsolationLevel.READ_COMMITTED);
          } catch (dev.millrace.log.OffsetOutOfRangeException behind) {
            offset = reader.beginningOffset(tp); // retention overtook us: skip ahead, as Kafka's
            expected = -1; // auto.offset.reset=earliest consumer would
            continue;
          }
          for (StoredRecord rec : r.records()) {
            String v = new String(rec.value(), StandardCharsets.UTF_8);
            assertTrue(v.startsWith("c"), "aborted record " + v + " at " + rec.offset());
            long n = Long.parseLong(v.substring(1));
            assertTrue(expected < 0 || n == expected, "read " + v + " where c" + expected
                + " was next, at offset " + rec.offset());
            expected = n + 1;
            seen++;
          }
          offset = r.nextOffset();
        }
        while (reader.beginningOffset(tp) == 0) { // the reader notices retention's deletions
          assertTrue(System.nanoTime() < deadline, "retention never deleted a segment");
          Thread.sleep(20);
        }
      }
    } finally {
      child.getOutputStream().close();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    TempDirs.delete(dir);
  }
}
