package dev.millrace.state.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable-by-contract wrapper of a byte array with value equality and unsigned
 * lexicographic order: the key type of byte-level stores and caches. The array is not copied;
 * never modify it after wrapping.
 */
public final class Bytes implements Comparable<Bytes> {
  private final byte[] bytes;
  private int hash;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps {@code bytes}, without copying. @throws NullPointerException if null */
  public static Bytes wrap(byte[] bytes) {
    return new Bytes(Objects.requireNonNull(bytes, "bytes"));
  }

  /** The wrapped array, shared: do not modify. */
  public byte[] get() {
    return bytes;
  }

  public int length() {
    return bytes.length;
  }

  /** True if these bytes begin with {@code prefix}. */
  public boolean startsWith(Bytes prefix) {
    return bytes.length >= prefix.bytes.length
        && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
  }

  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(bytes.length * 2 + 2).append("0x");
    for (byte b : bytes) {
      sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return sb.toString();
  }
}
