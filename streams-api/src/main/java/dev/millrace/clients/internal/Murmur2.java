package dev.millrace.clients.internal;

/**
 * The 32-bit MurmurHash2 variant Apache Kafka uses to place keyed records: seed {@code 0x9747b28c},
 * little-endian 4-byte blocks. Reproduced bit for bit so that a key lands in the same partition
 * here as it would on Kafka with the same partition count.
 */
public final class Murmur2 {
  private static final int SEED = 0x9747b28c;
  private static final int M = 0x5bd1e995;
  private static final int R = 24;

  private Murmur2() {}

  /** The hash of {@code data}, as a signed int (Kafka's {@code Utils.murmur2}). */
  public static int hash(byte[] data) {
    int length = data.length;
    int h = SEED ^ length;
    int blocks = length >>> 2;
    for (int i = 0; i < blocks; i++) {
      int b = i << 2;
      int k = (data[b] & 0xff)
          | (data[b + 1] & 0xff) << 8
          | (data[b + 2] & 0xff) << 16
          | (data[b + 3] & 0xff) << 24;
      k *= M;
      k ^= k >>> R;
      k *= M;
      h *= M;
      h ^= k;
    }
    int tail = blocks << 2;
    int rest = length & 3;
    if (rest == 3) {
      h ^= (data[tail + 2] & 0xff) << 16;
    }
    if (rest >= 2) {
      h ^= (data[tail + 1] & 0xff) << 8;
    }
    if (rest >= 1) {
      h ^= data[tail] & 0xff;
      h *= M;
    }
    h ^= h >>> 13;
    h *= M;
    h ^= h >>> 15;
    return h;
  }

  /**
   * The partition Kafka's default partitioner gives a record with these key bytes:
   * the hash with its sign bit cleared, modulo the partition count.
   */
  public static int partition(byte[] keyBytes, int numPartitions) {
    return (hash(keyBytes) & 0x7fffffff) % numPartitions;
  }
}
