package dev.millrace.log.file.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The latest offset of each record key in a compaction range. Keys are copied once into one
 * growing byte arena and found through an open-addressing table of parallel arrays, so indexing
 * a range costs about 30 bytes per distinct key plus the key's bytes, and no allocation per
 * record (a map of key copies costs over 100 bytes a key in objects, and garbage per record).
 * Exact: keys whose hashes collide are told apart by their bytes.
 *
 * <p>Not thread-safe: one compaction pass owns it.
 */
final class KeyOffsetMap {
  /** What {@link #get} answers for a key never put. */
  static final long ABSENT = -1;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int MAX_SLOTS = 1 << 30;

  private byte[] arena = new byte[1 << 16];
  private int arenaUsed;
  private int[] hashes;
  private int[] keyStarts;
  private int[] keyLengths;
  /** Per slot the key's latest offset, or {@link #ABSENT} for a free slot. */
  private long[] offsets;
  private int mask;
  private int size;
  private byte[] scratch = new byte[256];

  KeyOffsetMap() {
    allocate(1 << 10);
  }

  private void allocate(int slots) {
    hashes = new int[slots];
    keyStarts = new int[slots];
    keyLengths = new int[slots];
    offsets = new long[slots];
    Arrays.fill(offsets, ABSENT);
    mask = slots - 1;
  }

  /** Distinct keys held. */
  int size() {
    return size;
  }

  /** Bytes of memory the map holds, about. */
  long footprint() {
    return 20L * offsets.length + arena.length;
  }

  /**
   * Notes {@code offset} as the latest offset of the key held in {@code buf} at
   * {@code [keyPos, keyPos + keyLength)}.
   */
  void put(ByteBuffer buf, int keyPos, int keyLength, long offset) {
    int hash = load(buf, keyPos, keyLength);
    int slot = find(hash, keyLength);
    if (offsets[slot] != ABSENT) {
      offsets[slot] = offset;
      return;
    }
    if (arenaUsed > arena.length - keyLength) {
      int needed = Math.addExact(arenaUsed, keyLength);
      arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 8,
          Math.max(needed, 2L * arena.length)));
    }
    System.arraycopy(scratch, 0, arena, arenaUsed, keyLength);
    hashes[slot] = hash;
    keyStarts[slot] = arenaUsed;
    keyLengths[slot] = keyLength;
    offsets[slot] = offset;
    arenaUsed += keyLength;
    if (++size > offsets.length / 4 * 3) {
      grow();
    }
  }

  /**
   * The latest offset noted for the key held in {@code buf} at
   * {@code [keyPos, keyPos + keyLength)}, or -1 if none was.
   */
  long get(ByteBuffer buf, int keyPos, int keyLength) {
    return offsets[find(load(buf, keyPos, keyLength), keyLength)];
  }

  /** Copies the key into {@link #scratch}; returns its hash. */
  private int load(ByteBuffer buf, int keyPos, int keyLength) {
    if (scratch.length < keyLength) {
      scratch = new byte[Math.max(keyLength, 2 * scratch.length)];
    }
    buf.get(keyPos, scratch, 0, keyLength);
    long h = 0x9E3779B97F4A7C15L ^ keyLength;
    int i = 0;
    for (; i + 8 <= keyLength; i += 8) {
      h = mix(h ^ (long) LONGS.get(scratch, i));
    }
    long tail = 0;
    for (int shift = 0; i < keyLength; i++, shift += 8) {
      tail |= (scratch[i] & 0xFFL) << shift;
    }
    h = mix(h ^ tail);
    return (int) (h ^ (h >>> 32));
  }

  private static long mix(long h) {
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 31;
    h *= 0x94D049BB133111EBL;
    return h ^ (h >>> 29);
  }

  /** The slot holding the key in {@link #scratch}, or the free slot where it belongs. */
  private int find(int hash, int keyLength) {
    int slot = hash & mask;
    while (offsets[slot] != ABSENT && !(hashes[slot] == hash && keyLengths[slot] == keyLength
        && Arrays.equals(arena, keyStarts[slot], keyStarts[slot] + keyLength, scratch, 0,
            keyLength))) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    if (offsets.length >= MAX_SLOTS) {
      throw new IllegalStateException("more than " + MAX_SLOTS / 4 * 3
          + " distinct keys in one compaction range");
    }
    int[] oldHashes = hashes;
    int[] oldStarts = keyStarts;
    int[] oldLengths = keyLengths;
    long[] oldOffsets = offsets;
    allocate(oldOffsets.length * 2);
    for (int i = 0; i < oldOffsets.length; i++) {
      if (oldOffsets[i] != ABSENT) {
        int slot = oldHashes[i] & mask;
        while (offsets[slot] != ABSENT) {
          slot = (slot + 1) & mask;
        }
        hashes[slot] = oldHashes[i];
        keyStarts[slot] = oldStarts[i];
        keyLengths[slot] = oldLengths[i];
        offsets[slot] = oldOffsets[i];
      }
    }
  }
}
