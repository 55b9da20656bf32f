package dev.millrace.examples.restore;

import dev.millrace.examples.TestFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.clients.Partitioner;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.LogRecord;
import dev.millrace.log.ReadResult;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.file.FileLogConfig;
import dev.millrace.runtime.Streams;
import dev.millrace.serialization.Serdes;
import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.ReadOnlyKeyValueStore;
import dev.millrace.state.StoreType;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StateRestoreListener;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Store restoration as an application sees it, through a real {@link Streams} on the file log with
 * RocksDB stores: a clean restart restores nothing, a store behind replays exactly the missing
 * tail, a deleted store is rebuilt from the whole changelog, and the {@link StateRestoreListener}
 * reports each of these with the right counts. The store always ends equal to a fold of the input.
 */
class StoreRestoreTest {
  private static final String APP = "restore-test";
  private static final String STORE = "latest";
  private static final int PARTITIONS = 2;
  private static final int KEYS = 300;

  @TempDir
  Path dir;

  private long nextValue = 1;
  private final Map<String, Long> reference = new TreeMap<>();

  private static Topology topology() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(Serdes.String(), Serdes.Long()))
        .groupByKey()
        .reduce((a, v) -> v, Materialized.<String, Long>as(STORE)
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long())
            .withStoreType(StoreType.PERSISTENT).withCachingDisabled())
        .toStream().to("out", Produced.with(Serdes.String(), Serdes.Long()));
    return b.build();
  }

  private StreamsConfig config(ProcessingGuarantee guarantee) {
    return StreamsConfig.builder(APP).processingGuarantee(guarantee).numStreamThreads(1)
        .commitInterval(Duration.ofMillis(5)).maxPollRecords(100)
        .stateDir(dir.resolve("state")).build();
  }

  @ParameterizedTest
  @EnumSource(ProcessingGuarantee.class)
  void restartsRestoreNothingOrTheTailOrEverythingAsTheStoreNeeds(ProcessingGuarantee guarantee)
      throws Exception {
    try (Log log = FileLog.open(dir.resolve("log"),
        FileLogConfig.defaults().withSyncOnCommit(false))) {
      log.createTopic("in", TopicConfig.partitions(PARTITIONS));
      log.createTopic("out", TopicConfig.partitions(PARTITIONS));

      // first run: the changelog does not exist yet, nothing to restore
      produce(log, 2_000);
      Recorder first = run(log, guarantee);
      assertEquals(Map.of(), first.ends, "nothing restored on the first run");
      List<TopicPartition> changelogs = changelogs(log);
      assertEquals(PARTITIONS, changelogs.size(), "changelogs " + log.listTopics());

      // clean restart: stores level with their changelogs, commit markers included
      produce(log, 500);
      Recorder clean = run(log, guarantee);
      assertEquals(0, clean.restoredRecords(), "records restored after a clean stop");
      assertEquals(Map.of(), clean.starts, "a store level with its changelog is used as is");
      assertEquals(clean.batchRecords(), clean.restoredRecords());

      // a store behind: keep a copy of its files, let another run move the changelog on, put the
      // copy back; the next run replays exactly what that run added
      Path state = dir.resolve("state");
      Path saved = dir.resolve("saved-state");
      copyTree(state, saved);
      Map<TopicPartition, Long> before = committedCounts(log, changelogs);
      produce(log, 700);
      run(log, guarantee);
      Map<TopicPartition, Long> after = committedCounts(log, changelogs);
      TestFiles.deleteTree(state);
      copyTree(saved, state);
      Recorder behind = run(log, guarantee);
      for (TopicPartition tp : changelogs) {
        long tail = after.get(tp) - before.get(tp);
        assertTrue(tail > 0, "the tail of " + tp + " is empty");
        assertEquals(tail, behind.ends.getOrDefault(tp, 0L), "records restored from " + tp);
      }
      assertEquals(behind.batchRecords(), behind.restoredRecords());
      assertEquals(reference, behind.contents, "the store after replaying the tail");

      // state directory deleted: full rebuild from every committed changelog record
      TestFiles.deleteTree(state);
      Recorder rebuilt = run(log, guarantee);
      Map<TopicPartition, Long> all = committedCounts(log, changelogs);
      assertEquals(all, rebuilt.ends, "records restored by a full rebuild");
      assertEquals(rebuilt.batchRecords(), rebuilt.restoredRecords());
      for (TopicPartition tp : changelogs) {
        assertEquals(List.of(log.beginningOffset(tp), log.endOffset(tp)), rebuilt.starts.get(tp),
            "restored offset range of " + tp);
        assertEquals(log.endOffset(tp), rebuilt.lastBatchEnd.get(tp), "last batch end of " + tp);
      }
      assertEquals(reference, rebuilt.contents, "the store rebuilt from its changelog");
      assertEquals(KEYS, rebuilt.contents.size());
    }
  }

  @Test
  void theListenerCannotBeSetAfterStart() throws Exception {
    try (Log log = FileLog.open(dir.resolve("log"),
        FileLogConfig.defaults().withSyncOnCommit(false))) {
      log.createTopic("in", TopicConfig.partitions(PARTITIONS));
      log.createTopic("out", TopicConfig.partitions(PARTITIONS));
      try (Streams streams = new Streams(topology(), config(ProcessingGuarantee.AT_LEAST_ONCE),
          log)) {
        assertThrows(NullPointerException.class, () -> streams.setStateRestoreListener(null));
        streams.start();
        assertThrows(IllegalStateException.class,
            () -> streams.setStateRestoreListener(new StateRestoreListener() {}));
      }
    }
  }

  /** What the listener heard during one run, and the store's contents once caught up. */
  private static final class Recorder implements StateRestoreListener {
    final Map<TopicPartition, List<Long>> starts = new ConcurrentHashMap<>();
    final Map<TopicPartition, Long> batches = new ConcurrentHashMap<>();
    final Map<TopicPartition, Long> lastBatchEnd = new ConcurrentHashMap<>();
    final Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();
    final Map<String, Long> contents = new TreeMap<>();

    @Override
    public void onRestoreStart(String storeName, TopicPartition changelog, long startOffset,
        long endOffset) {
      assertEquals(STORE, storeName);
      assertEquals(null, starts.put(changelog, List.of(startOffset, endOffset)),
          "restore of " + changelog + " started twice");
    }

    @Override
    public void onBatchRestored(String storeName, TopicPartition changelog, long batchEndOffset,
        long recordsRestored) {
      assertTrue(starts.containsKey(changelog), "batch before start");
      assertTrue(batchEndOffset <= starts.get(changelog).get(1), "batch beyond the end");
      batches.merge(changelog, recordsRestored, Long::sum);
      lastBatchEnd.put(changelog, batchEndOffset);
    }

    @Override
    public void onRestoreEnd(String storeName, TopicPartition changelog, long totalRestored) {
      assertTrue(starts.containsKey(changelog), "end before start");
      ends.put(changelog, totalRestored);
    }

    long restoredRecords() {
      return ends.values().stream().mapToLong(Long::longValue).sum();
    }

    long batchRecords() {
      return batches.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** One run of the application until all input is processed, then a clean close. */
  private Recorder run(Log log, ProcessingGuarantee guarantee) throws Exception {
    Recorder recorder = new Recorder();
    Streams streams = new Streams(topology(), config(guarantee), log);
    streams.setStateRestoreListener(recorder);
    Throwable[] failure = new Throwable[1];
    streams.setUncaughtExceptionHandler(e -> failure[0] = e);
    streams.start();
    try {
      assertTrue(streams.awaitState(Streams.State.RUNNING, Duration.ofSeconds(30)),
          "state " + streams.state() + ", failure " + failure[0]);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!caughtUp(log)) {
        assertTrue(System.nanoTime() < deadline, "did not catch up; state " + streams.state());
        Thread.sleep(5);
      }
      ReadOnlyKeyValueStore<String, Long> store = streams.store(STORE);
      try (KeyValueIterator<String, Long> it = store.all()) {
        while (it.hasNext()) {
          KeyValue<String, Long> kv = it.next();
          recorder.contents.put(kv.key(), kv.value());
        }
      }
    } finally {
      assertTrue(streams.close(Duration.ofSeconds(30)));
    }
    assertEquals(null, failure[0]);
    return recorder;
  }

  private void produce(Log log, int records) {
    Map<Integer, List<LogRecord>> byPartition = new TreeMap<>();
    for (int i = 0; i < records; i++) {
      String key = "k" + (nextValue % KEYS);
      long value = nextValue++;
      reference.put(key, value);
      byte[] k = Serdes.String().serializer().serialize("in", key);
      byPartition.computeIfAbsent(Partitioner.keyHashPartition(k, PARTITIONS),
          p -> new ArrayList<>()).add(LogRecord.of(k,
              Serdes.Long().serializer().serialize("in", value), value));
    }
    byPartition.forEach((p, list) -> log.append(new TopicPartition("in", p), list));
  }

  private static boolean caughtUp(Log log) {
    List<TopicPartition> in = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      in.add(new TopicPartition("in", p));
    }
    Map<TopicPartition, Long> committed = log.committedOffsets(APP, in);
    for (TopicPartition tp : in) {
      if (committed.getOrDefault(tp, 0L) != log.endOffset(tp)) {
        return false;
      }
    }
    return true;
  }

  private static List<TopicPartition> changelogs(Log log) {
    List<TopicPartition> out = new ArrayList<>();
    for (String t : log.listTopics()) {
      if (t.endsWith(STORE + "-changelog")) {
        for (int p = 0; p < PARTITIONS; p++) {
          out.add(new TopicPartition(t, p));
        }
      }
    }
    return out;
  }

  /** Committed data records of each changelog partition (markers and aborted records excluded). */
  private static Map<TopicPartition, Long> committedCounts(Log log, List<TopicPartition> tps) {
    Map<TopicPartition, Long> out = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
    for (TopicPartition tp : tps) {
      long n = 0;
      long pos = log.beginningOffset(tp);
      while (true) {
        ReadResult r = log.read(tp, pos, 10_000, Integer.MAX_VALUE, IsolationLevel.READ_COMMITTED);
        if (r.nextOffset() == pos) {
          break;
        }
        n += r.records().size();
        pos = r.nextOffset();
      }
      out.put(tp, n);
    }
    return out;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
