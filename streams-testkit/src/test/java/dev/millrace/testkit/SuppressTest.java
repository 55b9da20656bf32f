package dev.millrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.serialization.Serdes;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import dev.millrace.streams.kstream.Suppressed;
import dev.millrace.streams.kstream.Suppressed.BufferConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code KTable.suppress(Suppressed.untilTimeLimit(...))} by example. */
class SuppressTest {
  private static TopologyTestDriver driver(BufferConfig buffer) {
    StreamsBuilder b = new StreamsBuilder();
    b.table("in", Consumed.with(Serdes.String(), Serdes.Integer()),
            Materialized.<String, Integer>as("table").withCachingDisabled())
        .suppress(Suppressed.untilTimeLimit(Duration.ofMillis(10), buffer).withName("held"))
        .toStream().to("out", Produced.with(Serdes.String(), Serdes.Integer()));
    return new TopologyTestDriver(b.build(), StreamsConfig.builder("suppress").build());
  }

  @Test
  void updatesOfAKeyWaitForTheTimeLimitAndCollapse() {
    try (TopologyTestDriver d = driver(BufferConfig.unbounded())) {
      TestInputTopic<String, Integer> in = d.createInputTopic("in",
          Serdes.String().serializer(), Serdes.Integer().serializer());
      TestOutputTopic<String, Integer> out = d.createOutputTopic("out",
          Serdes.String().deserializer(), Serdes.Integer().deserializer());
      in.pipeInput("a", 1, 0);
      in.pipeInput("a", 2, 4);
      in.pipeInput("b", 7, 6);
      assertTrue(out.isEmpty());
      in.pipeInput("c", 1, 11);
      List<TestRecord<String, Integer>> first = out.readRecordsToList();
      assertEquals(1, first.size());
      assertEquals(KeyValue.pair("a", 2), KeyValue.pair(first.get(0).key(), first.get(0).value()));
      assertEquals(10, first.get(0).timestamp());
      in.pipeInput("d", 1, 16);
      assertEquals(List.of(KeyValue.pair("b", 7)), out.readKeyValuesToList());
    }
  }

  @Test
  void aFullBufferEmitsTheOldestEarlyOrFails() {
    try (TopologyTestDriver d = driver(BufferConfig.maxRecords(1).emitEarlyWhenFull())) {
      TestInputTopic<String, Integer> in = d.createInputTopic("in",
          Serdes.String().serializer(), Serdes.Integer().serializer());
      in.pipeInput("a", 1, 0);
      in.pipeInput("b", 2, 1);
      assertEquals(List.of(KeyValue.pair("a", 1)), d.createOutputTopic("out",
          Serdes.String().deserializer(), Serdes.Integer().deserializer()).readKeyValuesToList());
    }
    try (TopologyTestDriver d = driver(BufferConfig.maxRecords(1).failWhenFull())) {
      TestInputTopic<String, Integer> in = d.createInputTopic("in",
          Serdes.String().serializer(), Serdes.Integer().serializer());
      in.pipeInput("a", 1, 0);
      RuntimeException e = assertThrows(RuntimeException.class, () -> in.pipeInput("b", 2, 1));
      assertTrue(e.getMessage().contains("'held' is full"), e.getMessage());
    }
  }
}
