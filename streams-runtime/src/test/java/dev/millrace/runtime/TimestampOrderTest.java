package dev.millrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** A task takes the records of its input partitions in timestamp order. */
class TimestampOrderTest {
  @Test
  void recordsOfSeveralTopicsAreInterleavedByTimestamp() throws Exception {
    try (InMemoryLog log = InMemoryLog.create()) {
      log.createTopic("left", TopicConfig.partitions(1));
      log.createTopic("right", TopicConfig.partitions(1));
      log.createTopic("out", TopicConfig.partitions(1));
      append(log, "left", 1, 4, 5, 9);
      append(log, "right", 2, 3, 6, 7, 8);
      StreamsBuilder b = new StreamsBuilder();
      b.stream(List.of("left", "right"), Consumed.with(Serdes.String(), Serdes.Long()))
          .to("out", Produced.with(Serdes.String(), Serdes.Long()));
      Streams streams = new Streams(b.build(), StreamsConfig.builder("order")
          .commitInterval(Duration.ofMillis(5)).build(), log);
      streams.start();
      RuntimeFixture.awaitCaughtUp(log, "order", Set.of("left", "right"), Duration.ofSeconds(30));
      assertTrue(streams.close(Duration.ofSeconds(30)));
      List<Long> timestamps = new ArrayList<>();
      for (StoredRecord r : RuntimeFixture.readAll(log, "out")) {
        timestamps.add(r.timestamp());
        assertEquals(r.timestamp(),
            Serdes.Long().deserializer().deserialize("out", r.value()));
      }
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), timestamps);
    }
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
