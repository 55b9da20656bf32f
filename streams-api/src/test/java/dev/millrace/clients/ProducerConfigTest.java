package dev.millrace.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProducerConfigTest {

  @Test
  void defaultsAreKafkas() {
    ProducerConfig c = ProducerConfig.defaults();
    assertEquals(16384, c.batchSizeBytes());
    assertEquals(Duration.ofMillis(5), c.linger());
    assertFalse(c.transactionalId().isPresent());
    assertFalse(c.partitioner().isPresent());
    assertEquals("producer", c.clientId());
  }

  @Test
  void builderSetsEverything() {
    Partitioner first = (topic, key, bytes, n) -> 0;
    ProducerConfig c = ProducerConfig.builder().batchSizeBytes(1).linger(Duration.ZERO)
        .transactionalId("tx-1").partitioner(first).clientId("p1").build();
    assertEquals(1, c.batchSizeBytes());
    assertEquals(Duration.ZERO, c.linger());
    assertEquals("tx-1", c.transactionalId().orElseThrow());
    assertSame(first, c.partitioner().orElseThrow());
    assertEquals("p1", c.clientId());
    ProducerConfig copy = c.toBuilder().transactionalId(null).build();
    assertFalse(copy.transactionalId().isPresent());
    assertEquals(1, copy.batchSizeBytes());
    assertSame(first, copy.partitioner().orElseThrow());
  }

  @Test
  void rejectsBadValuesNamingTheSetting() {
    assertMessage("batch.size must be in 1..67108864 bytes, got 0",
        () -> ProducerConfig.builder().batchSizeBytes(0));
    assertMessage("batch.size must be in 1..67108864 bytes, got 67108865",
        () -> ProducerConfig.builder().batchSizeBytes(64 * 1024 * 1024 + 1));
    assertMessage("linger.ms must be in 0..60000, got -1",
        () -> ProducerConfig.builder().linger(Duration.ofMillis(-1)));
    assertMessage("linger.ms must be in 0..60000, got 60001",
        () -> ProducerConfig.builder().linger(Duration.ofMillis(60_001)));
    assertMessage("transactional.id must not be blank",
        () -> ProducerConfig.builder().transactionalId(" "));
    assertMessage("client.id must not be blank", () -> ProducerConfig.builder().clientId(""));
    assertThrows(NullPointerException.class, () -> ProducerConfig.builder().linger(null));
  }

  static void assertMessage(String expected, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
