package dev.millrace.benchmarks.harness;

import java.nio.ByteBuffer;

/**
 * Count and sum of the amounts in one window: the aggregate of {@link Workload#WINDOWED}, encoded
 * as 16 big-endian bytes by both systems' serdes.
 */
public record CountSum(long count, long sum) {
  public static final CountSum ZERO = new CountSum(0, 0);

  public CountSum add(long amount) {
    return new CountSum(count + 1, sum + amount);
  }

  /** The text form written to the output topic: {@code count,sum}. */
  public String format() {
    return count + "," + sum;
  }

  public byte[] toBytes() {
    return ByteBuffer.allocate(16).putLong(count).putLong(sum).array();
  }

  /**
   * @throws IllegalArgumentException naming the topic if {@code bytes} is not 16 bytes long
   */
  public static CountSum fromBytes(String topic, byte[] bytes) {
    if (bytes.length != 16) {
      throw new IllegalArgumentException("count/sum on topic '" + topic + "' must be 16 bytes, got "
          + bytes.length);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new CountSum(b.getLong(), b.getLong());
  }
}
