package dev.millrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.millrace.serialization.Serdes;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.processor.Cancellable;
import dev.millrace.streams.processor.Processor;
import dev.millrace.streams.processor.ProcessorContext;
import dev.millrace.streams.processor.PunctuationType;
import dev.millrace.streams.processor.Record;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stream-time punctuators: driven by record timestamps only, and cancellable. */
class PunctuatorTest {
  @Test
  void streamTimePunctuationFollowsRecordTimestampsAndStopsWhenCancelled() {
    List<Long> fired = new ArrayList<>();
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .process(() -> new Processor<String, String, String, String>() {
          private Cancellable handle;

          @Override
          public void init(ProcessorContext<String, String> context) {
            handle = context.schedule(Duration.ofMillis(10), PunctuationType.STREAM_TIME, ts -> {
              fired.add(ts);
              if (ts >= 30) {
                handle.cancel();
              }
            });
          }

          @Override
          public void process(Record<String, String> record) {}
        });
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(),
        StreamsConfig.builder("punctuate").build())) {
      TestInputTopic<String, String> in = d.createInputTopic("in", Serdes.String().serializer(),
          Serdes.String().serializer());
      in.pipeInput("a", "x", 5);
      d.advanceWallClockTime(Duration.ofHours(1)); // wall-clock time does not drive it
      in.pipeInput("a", "x", 9);
      in.pipeInput("a", "x", 3); // out of order: stream time stays at 9
      in.pipeInput("a", "x", 15);
      in.pipeInput("a", "x", 32);
      in.pipeInput("a", "x", 60);
      assertEquals(List.of(5L, 15L, 32L), fired);
    }
  }
}
