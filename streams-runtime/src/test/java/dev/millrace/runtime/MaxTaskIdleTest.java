package dev.millrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.LogRecord;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Produced;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code maxTaskIdle}: a task with an empty input waits for it (keeping timestamp order across
 * inputs) up to the idle time, then goes on with the inputs it has.
 */
class MaxTaskIdleTest {
  private static Streams start(InMemoryLog log, Duration idle) {
    StreamsBuilder b = new StreamsBuilder();
    b.stream(List.of("left", "right"), Consumed.with(Serdes.String(), Serdes.Long()))
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
    Streams streams = new Streams(b.build(), StreamsConfig.builder("idle")
        .commitInterval(Duration.ofMillis(5)).maxTaskIdle(idle).build(), log);
    streams.start();
    return streams;
  }

  private static InMemoryLog log() {
    InMemoryLog log = InMemoryLog.create();
    log.createTopic("left", TopicConfig.partitions(1));
    log.createTopic("right", TopicConfig.partitions(1));
    log.createTopic("out", TopicConfig.partitions(1));
    return log;
  }

  @Test
  void aTaskWaitsForAnEmptyInputSoThatLateArrivingEarlierRecordsGoFirst() throws Exception {
    try (InMemoryLog log = log()) {
      append(log, "left", 5, 6, 7);
      // 'right' runs empty again after its records: 'left' then waits the idle time once more
      Streams streams = start(log, Duration.ofSeconds(3));
      assertTrue(streams.awaitState(Streams.State.RUNNING, Duration.ofSeconds(30)));
      Thread.sleep(200);
      assertEquals(0, streams.metrics().recordsProcessed(), "waiting for 'right'");
      append(log, "right", 1, 2);
      RuntimeFixture.awaitCaughtUp(log, "idle", Set.of("left", "right"), Duration.ofSeconds(30));
      assertTrue(streams.close(Duration.ofSeconds(30)));
      assertEquals(List.of(1L, 2L, 5L, 6L, 7L), timestamps(log));
    }
  }

  @Test
  void afterTheIdleTimeTheTaskGoesOnWithoutTheEmptyInput() throws Exception {
    try (InMemoryLog log = log()) {
      append(log, "left", 5, 6, 7);
      Streams streams = start(log, Duration.ofMillis(50));
      RuntimeFixture.awaitCaughtUp(log, "idle", Set.of("left"), Duration.ofSeconds(30));
      assertTrue(streams.close(Duration.ofSeconds(30)));
      assertEquals(List.of(5L, 6L, 7L), timestamps(log));
    }
  }

  @Test
  void negativeIdleIsRefused() {
    var builder = StreamsConfig.builder("idle");
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> builder.maxTaskIdle(Duration.ofMillis(-1)));
    assertTrue(e.getMessage().contains("maxTaskIdle"));
  }

  private static List<Long> timestamps(InMemoryLog log) {
    List<Long> out = new ArrayList<>();
    for (StoredRecord r : RuntimeFixture.readAll(log, "out")) {
      out.add(r.timestamp());
    }
    return out;
  }

  private static void append(InMemoryLog log, String topic, long... timestamps) {
    List<LogRecord> records = new ArrayList<>();
    for (long ts : timestamps) {
      records.add(LogRecord.of(Serdes.String().serializer().serialize(topic, topic),
          Serdes.Long().serializer().serialize(topic, ts), ts));
    }
    log.append(new TopicPartition(topic, 0), records);
  }
}
