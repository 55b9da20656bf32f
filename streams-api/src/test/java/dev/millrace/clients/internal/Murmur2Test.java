package dev.millrace.clients.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Murmur2Test {

  /**
   * Hashes as Apache Kafka 4.1.0's {@code Utils.murmur2} computes them (checked by running Kafka's
   * own code on these inputs); the first six are the vectors in Kafka's own unit tests.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "21|-973932308",
      "foobar|-790332482",
      "a-little-bit-long-string|-985981536",
      "a-little-bit-longer-string|-1486304829",
      "lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8|-58897971",
      "abc|479470107",
      "a|-1563381124",
      "ab|316155434",
      "abcd|-1323649548",
      "hello-world|1993811437",
      "order-42|501153024",
  })
  void matchesKafkaVectors(String input, int expected) {
    assertEquals(expected, Murmur2.hash(input.getBytes(StandardCharsets.UTF_8)));
  }

  @org.junit.jupiter.api.Test
  void emptyInputHashesTheLengthIntoTheSeedOnly() {
    assertEquals(275646681, Murmur2.hash(new byte[0]));
  }

  /** Kafka's default partitioner on the same keys with 7 partitions, as run on Kafka 4.1.0. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "21|3", "foobar|0", "a-little-bit-long-string|1", "abc|4", "a|5", "hello-world|2",
      "order-42|1",
  })
  void partitionsLikeKafkasDefaultPartitioner(String key, int expected) {
    assertEquals(expected, Murmur2.partition(key.getBytes(StandardCharsets.UTF_8), 7));
  }

  @Property(tries = 200)
  void agreesWithTheAlgorithmAsSpecified(@ForAll @Size(max = 64) byte[] data) {
    assertEquals(referenceMurmur2(data), Murmur2.hash(data));
  }

  /**
   * MurmurHash2 written straight from its definition (32-bit, m = 0x5bd1e995, r = 24), with
   * Kafka's seed and little-endian blocks read through a ByteBuffer rather than by shifting.
   */
  private static int referenceMurmur2(byte[] data) {
    final int m = 0x5bd1e995;
    ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int h = 0x9747b28c ^ data.length;
    while (buf.remaining() >= 4) {
      int k = buf.getInt();
      k *= m;
      k ^= k >>> 24;
      k *= m;
      h *= m;
      h ^= k;
    }
    int rest = buf.remaining();
    if (rest > 0) {
      for (int i = rest - 1; i >= 0; i--) {
        h ^= (data[data.length - rest + i] & 0xff) << (8 * i);
      }
      h *= m;
    }
    h ^= h >>> 13;
    h *= m;
    h ^= h >>> 15;
    return h;
  }
}
