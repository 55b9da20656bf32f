package dev.millrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.serialization.Serdes;
import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.KeyValueStore;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.TopologyException;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.Materialized;
import dev.millrace.streams.kstream.Produced;
import dev.millrace.streams.processor.Cancellable;
import dev.millrace.streams.processor.Processor;
import dev.millrace.streams.processor.ProcessorContext;
import dev.millrace.streams.processor.PunctuationType;
import dev.millrace.streams.processor.Record;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Custom processors: stores, metadata, punctuation, forwarding. */
class ProcessorApiTest {
  private static StreamsConfig config() {
    return StreamsConfig.builder("papi").build();
  }

  /**
   * Emits each key the first time it is seen; on every stream-time tick (the first right after the
   * first record, then every 100 ms of stream time), the keys seen so far.
   */
  static final class Dedupe implements Processor<String, String, String, String> {
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> seen;

    @Override
    public void init(ProcessorContext<String, String> context) {
      this.context = context;
      this.seen = context.getStateStore("seen");
      context.schedule(Duration.ofMillis(100), PunctuationType.STREAM_TIME, ts -> {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> it = seen.all()) {
          it.forEachRemaining(kv -> keys.add(kv.key()));
        }
        context.forward(new Record<>("tick", ts + ":" + String.join(",", keys), ts));
      });
    }

    @Override
    public void process(Record<String, String> record) {
      if (seen.putIfAbsent(record.key(), record.value()) == null) {
        var meta = context.recordMetadata().orElseThrow();
        context.forward(record.withValue(meta.topic() + "/" + meta.partition() + "/"
            + meta.offset()));
      }
    }
  }

  @Test
  void storesMetadataAndStreamTimePunctuation() {
    StreamsBuilder b = new StreamsBuilder();
    b.addStateStore(Materialized.<String, String>as("seen").withKeySerde(Serdes.String())
        .withValueSerde(Serdes.String()));
    b.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .process(Dedupe::new, "seen")
        .to("out", Produced.with(Serdes.String(), Serdes.String()));
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config())) {
      TestInputTopic<String, String> in = d.createInputTopic("in", Serdes.String().serializer(),
          Serdes.String().serializer());
      in.pipeInput("a", "1", 10);
      in.pipeInput("a", "2", 50);
      in.pipeInput("b", "3", 120);
      List<KeyValue<String, String>> out = d.createOutputTopic("out",
          Serdes.String().deserializer(), Serdes.String().deserializer()).readKeyValuesToList();
      assertEquals(List.of(
          KeyValue.pair("a", "in/0/0"),
          KeyValue.pair("tick", "10:a"),
          KeyValue.pair("b", "in/0/2"),
          KeyValue.pair("tick", "120:a,b")), out);
      assertEquals("1", d.<String, String>getKeyValueStore("seen").get("a"));
    }
  }

  @Test
  void wallClockPunctuationFollowsTheDriverClockAndCanBeCancelled() {
    List<Long> fired = new ArrayList<>();
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .process(() -> new Processor<String, String, String, String>() {
          private Cancellable handle;

          @Override
          public void init(ProcessorContext<String, String> context) {
            handle = context.schedule(Duration.ofSeconds(10), PunctuationType.WALL_CLOCK_TIME,
                ts -> {
                  fired.add(ts);
                  if (fired.size() == 2) {
                    handle.cancel();
                  }
                });
          }

          @Override
          public void process(Record<String, String> record) {}
        });
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config(),
        java.time.Instant.ofEpochMilli(1000))) {
      d.advanceWallClockTime(Duration.ofSeconds(5));
      assertEquals(List.of(), fired);
      d.advanceWallClockTime(Duration.ofSeconds(5));
      assertEquals(List.of(11_000L), fired);
      d.advanceWallClockTime(Duration.ofSeconds(10));
      d.advanceWallClockTime(Duration.ofSeconds(10));
      assertEquals(List.of(11_000L, 21_000L), fired);
    }
  }

  @Test
  void contextReportsStreamTimeWallClockAndTask() {
    List<String> seen = new ArrayList<>();
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .process(() -> new Processor<String, String, String, String>() {
          private ProcessorContext<String, String> context;

          @Override
          public void init(ProcessorContext<String, String> context) {
            this.context = context;
          }

          @Override
          public void process(Record<String, String> record) {
            seen.add(context.applicationId() + " " + context.taskId() + " "
                + context.currentStreamTimeMs() + " " + context.currentSystemTimeMs());
          }
        });
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), config(),
        java.time.Instant.ofEpochMilli(500))) {
      TestInputTopic<String, String> in = d.createInputTopic("in", Serdes.String().serializer(),
          Serdes.String().serializer());
      in.pipeInput("a", "x", 70);
      in.pipeInput("a", "x", 30);
      d.advanceWallClockTime(Duration.ofMillis(5));
      in.pipeInput("a", "x", 90);
    }
    assertEquals(List.of("papi 0_0 70 500", "papi 0_0 70 500", "papi 0_0 90 505"), seen);
  }

  @Test
  void suppliersMustMakeANewProcessorPerTask() {
    Processor<String, String, String, String> shared = record -> { };
    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> s = b.stream("in", Consumed.with(Serdes.String(), Serdes.String()));
    s.process(() -> shared);
    s.process(() -> shared);
    TopologyException e = assertThrows(TopologyException.class,
        () -> new TopologyTestDriver(b.build(), config()));
    assertTrue(e.getMessage().contains("must return a new processor"), e.getMessage());
  }

  @Test
  void storesMustBeConnectedAndExist() {
    StreamsBuilder missing = new StreamsBuilder();
    missing.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .process(Dedupe::new, "nope");
    TopologyException e = assertThrows(TopologyException.class, missing::build);
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());

    StreamsBuilder unconnected = new StreamsBuilder();
    unconnected.addStateStore(Materialized.<String, String>as("seen")
        .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
    unconnected.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .process(Dedupe::new);
    IllegalArgumentException iae = assertThrows(IllegalArgumentException.class,
        () -> new TopologyTestDriver(unconnected.build(), config()));
    assertTrue(iae.getMessage().contains("not connected to store 'seen'"), iae.getMessage());
  }
}
