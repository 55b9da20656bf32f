package dev.millrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.LogRecord;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.runtime.internal.CommitSink;
import dev.millrace.runtime.internal.CommitSinks;
import dev.millrace.runtime.internal.QueryableStores;
import dev.millrace.runtime.internal.StoreEngines;
import dev.millrace.runtime.internal.StreamLoop;
import dev.millrace.runtime.internal.TaskId;
import dev.millrace.runtime.internal.TopologyPlan;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Crashes a stream loop at each step of its commit (in-process injection: the loop is abandoned,
 * not closed, as if the process died), restarts on the same log and the same persistent stores,
 * and checks the recovery invariants. Exactly once: stores equal the fold of the input and the
 * committed output holds one record per input record. At least once: nothing is lost; input
 * processed after the last offset commit may count twice, unless the crash came after the offset
 * commit, when the store just replays its changelog's tail and is exact.
 */
class CommitCrashTest {
  private static final String APP = "crash";
  private static final int RECORDS = 600;

  enum CrashPoint {
    /** Output and changelog appended, offsets not committed. */
    BEFORE_OFFSETS,
    /** Offsets committed, store writes not yet applied to the engine. */
    AFTER_OFFSETS
  }

  @TempDir
  Path stateDir;

  private static Topology topology() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(Serdes.String(), Serdes.Long())).groupByKey()
        .count(Materialized.<String, Long>as("counts").withCachingDisabled()).toStream()
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
    return b.build();
  }

  /** Wraps each task's sink; the n-th commit of any task fails at the chosen point. */
  static Function<TaskId, CommitSink> crashing(Function<TaskId, CommitSink> real,
      CrashPoint point, int failingCommit) {
    int[] commits = {0};
    return task -> {
      CommitSink sink = real.apply(task);
      return new CommitSink() {
        @Override
        public long append(TopicPartition partition, List<LogRecord> records) {
          return sink.append(partition, records);
        }

        @Override
        public void commit(String groupId, Map<TopicPartition, Long> offsets) {
          boolean crash = !offsets.isEmpty() && ++commits[0] == failingCommit;
          if (crash && point == CrashPoint.BEFORE_OFFSETS) {
            throw new IllegalStateException("injected crash before offsets");
          }
          sink.commit(groupId, offsets);
          if (crash) {
            throw new IllegalStateException("injected crash after offsets");
          }
        }

        @Override
        public void close() {
          sink.close();
        }
      };
    };
  }

  private StreamLoop loop(InMemoryLog log, StreamsConfig config, StoreEngines engines,
      Function<TaskId, CommitSink> sinks) {
    TopologyPlan plan = TopologyPlan.create(topology(), config, log);
    plan.createTopics(log);
    StreamLoop loop = new StreamLoop("test", config, log, plan, plan.tasks(), engines, sinks,
        System::currentTimeMillis, 1 << 20, new QueryableStores());
    loop.initialize();
    return loop;
  }

  @ParameterizedTest
  @EnumSource(CrashPoint.class)
  void exactlyOnceOutputAndStoresSurviveACrashAtEveryCommitStep(CrashPoint point) {
    run(point, ProcessingGuarantee.EXACTLY_ONCE);
  }

  @ParameterizedTest
  @EnumSource(CrashPoint.class)
  void atLeastOnceStoresSurviveACrashAtEveryCommitStep(CrashPoint point) {
    run(point, ProcessingGuarantee.AT_LEAST_ONCE);
  }

  private void run(CrashPoint point, ProcessingGuarantee guarantee) {
    RetainingStoreEngine engine = new RetainingStoreEngine();
    try (InMemoryLog log = InMemoryLog.create()) {
      for (String t : List.of("in", "out")) {
        log.createTopic(t, TopicConfig.partitions(2));
      }
      List<Map.Entry<String, Long>> input = new ArrayList<>();
      Map<String, Long> expected = new TreeMap<>();
      for (long i = 0; i < RECORDS; i++) {
        String key = "k" + (i % 11);
        input.add(new AbstractMap.SimpleEntry<>(key, i));
        expected.merge(key, 1L, Long::sum);
      }
      RuntimeFixture.produce(log, "in", input, Serdes.String().serializer(),
          Serdes.Long().serializer(), 1L);
      StreamsConfig config = StreamsConfig.builder(APP).processingGuarantee(guarantee)
          .stateDir(stateDir).commitInterval(Duration.ofDays(1)).maxPollRecords(50).build();

      StoreEngines engines1 = StoreEngines.create(List.of(engine), Map.of());
      StreamLoop first = loop(log, config, engines1,
          crashing(CommitSinks.forConfig(config, log), point, 3));
      assertThrows(IllegalStateException.class, () -> {
        while (true) {
          first.runOnce();
          first.commit();
        }
      });
      // the crashed loop is abandoned, as if the process died: no close, no abort

      StoreEngines engines2 = StoreEngines.create(List.of(engine), Map.of());
      StreamLoop second = loop(log, config, engines2, CommitSinks.forConfig(config, log));
      while (second.runOnce() > 0 || second.hasBuffered()) {
        second.commit();
      }
      second.close(true);

      Map<String, Long> stored = new TreeMap<>();
      engine.data.forEach((task, data) -> data.map.forEach((k, v) -> stored.put(
          Serdes.String().deserializer().deserialize("t", k.get()),
          Serdes.Long().deserializer().deserialize("t", v))));
      Map<String, Long> output = new TreeMap<>(RuntimeFixture.readAsTable(log, "out",
          Serdes.String().deserializer(), Serdes.Long().deserializer()));
      List<StoredRecord> out = RuntimeFixture.readAll(log, "out");
      boolean exact = guarantee == ProcessingGuarantee.EXACTLY_ONCE
          // offsets committed: the store is only behind its changelog and replays the tail
          || point == CrashPoint.AFTER_OFFSETS;
      if (exact) {
        assertEquals(expected, stored, "store contents after recovery");
        assertEquals(expected, output);
      } else {
        // at least once, the input since the last offset commit counts again: never less
        expected.forEach((k, n) -> assertTrue(stored.get(k) >= n, k + ": " + stored.get(k)));
        assertEquals(stored, output);
      }
      if (guarantee == ProcessingGuarantee.EXACTLY_ONCE) {
        assertEquals(RECORDS, out.size(), "one committed output per input record");
      } else {
        assertTrue(out.size() >= RECORDS, "nothing lost: " + out.size());
      }
    }
  }
}
