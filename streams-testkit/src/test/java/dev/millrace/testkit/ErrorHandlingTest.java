package dev.millrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.Header;
import dev.millrace.runtime.StreamsException;
import dev.millrace.serialization.Serde;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.ErrorHandler;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Produced;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Bad records go to the configured handler, with their position; skips are counted. */
class ErrorHandlingTest {
  private static Topology halving() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(Serdes.String(), Serdes.Integer()))
        .mapValues(v -> {
          if (v == 13) {
            throw new IllegalStateException("unlucky");
          }
          return 100 / v;
        })
        .to("out", Produced.with(Serdes.String(), Serdes.Integer()));
    return b.build();
  }

  private static StreamsConfig config(ErrorHandler deser, ErrorHandler processing) {
    return StreamsConfig.builder("errors")
        .deserializationErrorHandler(deser)
        .processingErrorHandler(processing)
        .build();
  }

  private static TestInputTopic<String, Integer> in(TopologyTestDriver d) {
    return d.createInputTopic("in", Serdes.String().serializer(), Serdes.Integer().serializer());
  }

  private static List<Integer> out(TopologyTestDriver d) {
    return d.createOutputTopic("out", Serdes.String().deserializer(),
        Serdes.Integer().deserializer()).readValuesToList();
  }

  @Test
  void failIsTheDefaultAndNamesThePosition() {
    try (TopologyTestDriver d = new TopologyTestDriver(halving(), config(ErrorHandler.fail(),
        ErrorHandler.fail()))) {
      in(d).pipeInput("a", 50);
      StreamsException e = assertThrows(StreamsException.class, () -> in(d).pipeInput("a", 0));
      assertTrue(e.getMessage().contains("in-0 at offset 1"), e.getMessage());
      assertTrue(e.getMessage().contains("processing failed"), e.getMessage());
      assertTrue(e.getCause() instanceof ArithmeticException);
    }
  }

  @Test
  void undecodableRecordsAndNegativeTimestampsGoToTheDeserializationHandler() {
    try (TopologyTestDriver d = new TopologyTestDriver(halving(),
        config(ErrorHandler.logAndContinue(), ErrorHandler.fail()))) {
      TestInputTopic<String, Integer> in = in(d);
      in.pipeRaw("k".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}, 5);
      in.pipeInput("k", 10, -1);
      in.pipeInput("k", 20);
      assertEquals(List.of(5), out(d));
      assertEquals(2, d.metrics().recordsSkipped());
    }
    try (TopologyTestDriver d = new TopologyTestDriver(halving(),
        config(ErrorHandler.fail(), ErrorHandler.fail()))) {
      StreamsException e = assertThrows(StreamsException.class,
          () -> in(d).pipeInput("k", 10, -1));
      assertTrue(e.getMessage().contains("negative timestamp"), e.getMessage());
      assertTrue(e.getMessage().contains("in-0 at offset 0"), e.getMessage());
    }
  }

  @Test
  void throwingProcessorsCanBeSkippedOrSentToADeadLetterTopic() {
    try (TopologyTestDriver d = new TopologyTestDriver(halving(),
        config(ErrorHandler.fail(), ErrorHandler.deadLetter("dlq")))) {
      TestInputTopic<String, Integer> in = in(d);
      in.pipeInput("a", 0);
      in.pipeInput("b", 13);
      in.pipeInput("c", 4);
      assertEquals(List.of(25), out(d));
      assertEquals(2, d.metrics().recordsSkipped());
      List<TestRecord<String, Integer>> dead = d.createOutputTopic("dlq",
          Serdes.String().deserializer(), Serdes.Integer().deserializer()).readRecordsToList();
      assertEquals(List.of("a", "b"), dead.stream().map(TestRecord::key).toList());
      assertEquals(List.of(0, 13), dead.stream().map(TestRecord::value).toList());
      Map<String, String> headers = dead.get(1).headers().stream().collect(Collectors.toMap(
          Header::key, h -> new String(h.value(), StandardCharsets.UTF_8)));
      assertEquals("in", headers.get("millrace.error.topic"));
      assertEquals("0", headers.get("millrace.error.partition"));
      assertEquals("1", headers.get("millrace.error.offset"));
      assertEquals("PROCESSING", headers.get("millrace.error.kind"));
      assertTrue(headers.get("millrace.error.exception").contains("unlucky"));
    }
  }

  @Test
  void unserializableOutputGoesToTheProductionHandler() {
    Serde<Integer> picky = Serde.of((topic, v) -> {
      if (v < 0) {
        throw new IllegalArgumentException("negative values are not allowed");
      }
      return Serdes.Integer().serializer().serialize(topic, v);
    }, Serdes.Integer().deserializer());
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(Serdes.String(), Serdes.Integer()))
        .to("out", Produced.with(Serdes.String(), picky));
    b.stream("in2", Consumed.with(Serdes.String(), Serdes.Integer()))
        .to((k, v) -> "missing-" + k, Produced.with(Serdes.String(), Serdes.Integer()));
    StreamsConfig skip = StreamsConfig.builder("errors")
        .productionErrorHandler(ErrorHandler.logAndContinue()).build();
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), skip)) {
      in(d).pipeInput("a", -1);
      in(d).pipeInput("a", 1);
      d.createInputTopic("in2", Serdes.String().serializer(), Serdes.Integer().serializer())
          .pipeInput("x", 1);
      assertEquals(List.of(1), out(d));
      assertEquals(2, d.metrics().recordsSkipped());
    }
    StreamsConfig fail = StreamsConfig.builder("errors").build();
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), fail)) {
      StreamsException e = assertThrows(StreamsException.class,
          () -> d.createInputTopic("in2", Serdes.String().serializer(),
              Serdes.Integer().serializer()).pipeInput("x", 1));
      assertTrue(e.getMessage().contains("cannot produce output"), e.getMessage());
      assertTrue(e.getMessage().contains("'missing-x' does not exist"), e.getMessage());
    }
  }
}
