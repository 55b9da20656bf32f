package dev.millrace.clients;

import static dev.millrace.clients.ProducerConfigTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.IsolationLevel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsumerConfigTest {

  @Test
  void defaultsAreKafkas() {
    ConsumerConfig c = ConsumerConfig.builder().build();
    assertFalse(c.groupId().isPresent());
    assertEquals(AutoOffsetReset.LATEST, c.autoOffsetReset());
    assertEquals(IsolationLevel.READ_UNCOMMITTED, c.isolationLevel());
    assertEquals(500, c.maxPollRecords());
    assertEquals(1024 * 1024, c.maxPartitionFetchBytes());
    assertEquals(Duration.ofSeconds(5), c.autoCommitInterval());
    assertFalse(c.enableAutoCommit(), "no group, so no auto commit");
    assertEquals("consumer", c.clientId());
  }

  @Test
  void autoCommitIsOnByDefaultWithAGroupAndCanBeTurnedOff() {
    assertTrue(ConsumerConfig.builder().groupId("g").build().enableAutoCommit());
    assertFalse(ConsumerConfig.builder().groupId("g").enableAutoCommit(false).build()
        .enableAutoCommit());
  }

  @Test
  void builderSetsEverything() {
    ConsumerConfig c = ConsumerConfig.builder().groupId("billing")
        .autoOffsetReset(AutoOffsetReset.NONE).isolationLevel(IsolationLevel.READ_COMMITTED)
        .maxPollRecords(7).maxPartitionFetchBytes(100).autoCommitInterval(Duration.ZERO)
        .clientId("c1").build();
    assertEquals("billing", c.groupId().orElseThrow());
    assertEquals(AutoOffsetReset.NONE, c.autoOffsetReset());
    assertEquals(IsolationLevel.READ_COMMITTED, c.isolationLevel());
    assertEquals(7, c.maxPollRecords());
    assertEquals(100, c.maxPartitionFetchBytes());
    assertEquals(Duration.ZERO, c.autoCommitInterval());
    assertEquals("c1", c.clientId());
  }

  @Test
  void rejectsBadValuesNamingTheSetting() {
    assertMessage("max.poll.records must be >= 1, got 0",
        () -> ConsumerConfig.builder().maxPollRecords(0));
    assertMessage("max.partition.fetch.bytes must be >= 1, got -5",
        () -> ConsumerConfig.builder().maxPartitionFetchBytes(-5));
    assertMessage("group.id must not be blank", () -> ConsumerConfig.builder().groupId(""));
    assertMessage("auto.commit.interval.ms must be >= 0, got -1",
        () -> ConsumerConfig.builder().autoCommitInterval(Duration.ofMillis(-1)));
    assertMessage("client.id must not be blank", () -> ConsumerConfig.builder().clientId(" "));
    assertMessage("enable.auto.commit=true needs a group.id",
        () -> ConsumerConfig.builder().enableAutoCommit(true).build());
    assertThrows(NullPointerException.class,
        () -> ConsumerConfig.builder().autoOffsetReset(null));
  }
}
