package dev.millrace.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PartitionerTest {

  @Property(tries = 200)
  void keyHashPartitionIsInRange(@ForAll @Size(max = 40) byte[] key,
      @ForAll @IntRange(min = 1, max = 10_000) int partitions) {
    int p = Partitioner.keyHashPartition(key, partitions);
    assertTrue(p >= 0 && p < partitions, () -> "partition " + p + " of " + partitions);
  }

  @Property(tries = 100)
  void keyHashPartitionDependsOnlyOnTheKeyBytes(@ForAll @Size(max = 40) byte[] key,
      @ForAll @IntRange(min = 1, max = 64) int partitions) {
    assertEquals(Partitioner.keyHashPartition(key, partitions),
        Partitioner.keyHashPartition(key.clone(), partitions));
  }

  @Test
  void aKeyWhoseHashHasTheSignBitSetStillMapsIntoRange() {
    // "21" hashes to a negative int in Kafka; clearing the sign bit, not abs(), is what Kafka does.
    byte[] key = "21".getBytes(StandardCharsets.UTF_8);
    assertEquals((-973932308 & 0x7fffffff) % 10, Partitioner.keyHashPartition(key, 10));
  }

  @Test
  void rejectsBadArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Partitioner.keyHashPartition(new byte[1], 0));
    assertTrue(e.getMessage().contains("numPartitions must be >= 1, got 0"), e.getMessage());
    assertThrows(NullPointerException.class, () -> Partitioner.keyHashPartition(null, 3));
  }
}
