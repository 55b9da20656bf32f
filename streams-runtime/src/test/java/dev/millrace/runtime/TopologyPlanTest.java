package dev.millrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.CleanupPolicy;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.runtime.internal.TaskId;
import dev.millrace.runtime.internal.TopologyPlan;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.StreamsBuilder;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.TopologyException;
import dev.millrace.streams.kstream.Consumed;
import dev.millrace.streams.kstream.Grouped;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.Materialized;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyPlanTest {
  private static final StreamsConfig CONFIG = StreamsConfig.builder("app")
      .defaultKeySerde(Serdes.String()).defaultValueSerde(Serdes.String()).build();

  @Test
  void repartitionTopicsTakeTheLargestSourcePartitionCountAndChangelogsTheTaskCount() {
    try (InMemoryLog log = InMemoryLog.create()) {
      log.createTopic("a", TopicConfig.partitions(3));
      log.createTopic("b", TopicConfig.partitions(5));
      StreamsBuilder b = new StreamsBuilder();
      KStream<String, String> merged = b.<String, String>stream("a").merge(b.stream("b"));
      merged.groupBy((k, v) -> v, Grouped.as("g")).count(Materialized.as("counts"));
      TopologyPlan plan = TopologyPlan.create(b.build(), CONFIG, log);
      assertEquals(5, plan.internalTopics().get("app-g-repartition").partitions());
      TopicConfig changelog = plan.internalTopics().get("app-counts-changelog");
      assertEquals(5, changelog.partitions());
      assertEquals(CleanupPolicy.COMPACT, changelog.cleanupPolicy());
      assertEquals(10, plan.tasks().size());
      assertEquals(new TaskId(1, 4), plan.tasks().get(9));
      plan.createTopics(log);
      assertEquals(5, log.describeTopic("app-g-repartition").partitions());
    }
  }

  @Test
  void statefulSubTopologiesNeedCoPartitionedInputs() {
    try (InMemoryLog log = InMemoryLog.create()) {
      log.createTopic("orders", TopicConfig.partitions(4));
      log.createTopic("refunds", TopicConfig.partitions(2));
      StreamsBuilder b = new StreamsBuilder();
      b.<String, String>stream("orders").merge(b.stream("refunds")).groupByKey().count();
      TopologyException e = assertThrows(TopologyException.class,
          () -> TopologyPlan.create(b.build(), CONFIG, log));
      assertTrue(e.getMessage().contains("orders=4") && e.getMessage().contains("refunds=2"),
          e.getMessage());
      assertTrue(e.getMessage().contains("co-partitioned"), e.getMessage());
    }
  }

  @Test
  void missingTopicsSerdesAndMismatchedInternalTopicsAreExplained() {
    try (InMemoryLog log = InMemoryLog.create()) {
      StreamsBuilder b = new StreamsBuilder();
      b.stream("in").to("out");
      TopologyException missing = assertThrows(TopologyException.class,
          () -> TopologyPlan.create(b.build(), CONFIG, log));
      assertTrue(missing.getMessage().contains("source topic 'in' does not exist"),
          missing.getMessage());

      log.createTopic("in", TopicConfig.partitions(2));
      log.createTopic("out", TopicConfig.partitions(1));
      TopologyException noSerde = assertThrows(TopologyException.class,
          () -> TopologyPlan.create(b.build(), StreamsConfig.builder("app").build(), log));
      assertTrue(noSerde.getMessage().contains("no key serde for source"), noSerde.getMessage());

      StreamsBuilder agg = new StreamsBuilder();
      agg.stream("in", Consumed.with(Serdes.String(), Serdes.String())).groupByKey()
          .count(Materialized.as("c"));
      log.createTopic("app-c-changelog", TopicConfig.partitions(7));
      TopologyException wrong = assertThrows(TopologyException.class,
          () -> TopologyPlan.create(agg.build(), CONFIG, log));
      assertTrue(wrong.getMessage().contains("'app-c-changelog' exists with 7 partitions"),
          wrong.getMessage());
    }
  }

  @Test
  void statelessSubTopologiesWithUnequalInputsGetATaskPerLargestPartition() {
    try (InMemoryLog log = InMemoryLog.create()) {
      log.createTopic("x", TopicConfig.partitions(1));
      log.createTopic("y", TopicConfig.partitions(3));
      log.createTopic("out", TopicConfig.partitions(1));
      StreamsBuilder b = new StreamsBuilder();
      b.stream(List.of("x", "y")).to("out");
      assertEquals(3, TopologyPlan.create(b.build(), CONFIG, log).tasks().size());
    }
  }
}
