package dev.millrace.serialization;

import java.nio.charset.StandardCharsets;

/**
 * Built-in serdes, named as in Kafka Streams. Fixed-width numbers are big-endian, as in Kafka, so
 * that data written by either system reads in the other. Every built-in maps null to null.
 */
public final class Serdes {
  private Serdes() {}

  private static final Serde<String> STRING = Serde.of(
      (topic, value) -> value == null ? null : value.getBytes(StandardCharsets.UTF_8),
      (topic, bytes) -> bytes == null ? null : new String(bytes, StandardCharsets.UTF_8));

  private static final Serde<Long> LONG = Serde.of(
      (topic, value) -> value == null ? null : longBytes(value),
      (topic, bytes) -> bytes == null ? null : readLong(topic, bytes));

  private static final Serde<Integer> INTEGER = Serde.of(
      (topic, value) -> value == null ? null : intBytes(value),
      (topic, bytes) -> bytes == null ? null : readInt(topic, bytes));

  private static final Serde<Double> DOUBLE = Serde.of(
      (topic, value) -> value == null ? null : longBytes(Double.doubleToLongBits(value)),
      (topic, bytes) -> bytes == null ? null : Double.longBitsToDouble(readLong(topic, bytes)));

  private static final Serde<byte[]> BYTE_ARRAY = Serde.of(
      (topic, value) -> value,
      (topic, bytes) -> bytes);

  private static final Serde<Void> VOID = Serde.of(
      (topic, value) -> null,
      (topic, bytes) -> {
        if (bytes != null) {
          throw new SerializationException("expected no bytes for a Void value on topic '" + topic
              + "', got " + bytes.length);
        }
        return null;
      });

  /** UTF-8 strings. */
  public static Serde<String> String() {
    return STRING;
  }

  /** 8-byte big-endian longs. */
  public static Serde<Long> Long() {
    return LONG;
  }

  /** 4-byte big-endian ints. */
  public static Serde<Integer> Integer() {
    return INTEGER;
  }

  /** IEEE 754 doubles as 8 big-endian bytes. */
  public static Serde<Double> Double() {
    return DOUBLE;
  }

  /** Bytes as they are, not copied. */
  public static Serde<byte[]> ByteArray() {
    return BYTE_ARRAY;
  }

  /** Always null: for keys or values that carry nothing. Non-null bytes are an error. */
  public static Serde<Void> Void() {
    return VOID;
  }

  static byte[] longBytes(long v) {
    return new byte[] {
        (byte) (v >>> 56), (byte) (v >>> 48), (byte) (v >>> 40), (byte) (v >>> 32),
        (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  static byte[] intBytes(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  static long readLong(String topic, byte[] b) {
    if (b.length != 8) {
      throw new SerializationException(
          "expected 8 bytes for a long/double on topic '" + topic + "', got " + b.length);
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[i] & 0xFF);
    }
    return v;
  }

  static int readInt(String topic, byte[] b) {
    if (b.length != 4) {
      throw new SerializationException(
          "expected 4 bytes for an int on topic '" + topic + "', got " + b.length);
    }
    return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
  }
}
