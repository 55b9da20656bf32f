package dev.millrace.streams.internal;

import dev.millrace.serialization.Deserializer;
import dev.millrace.serialization.Serde;
import dev.millrace.serialization.SerializationException;
import dev.millrace.serialization.Serializer;

/**
 * Encodes a {@link Change} for repartition topics around an inner value serde.
 *
 * <p>Layout (version 1): byte 0 = flags (bit 0: new value present, bit 1: old value present); then,
 * for each present value in the order new, old, a 4-byte big-endian length followed by the inner
 * serde's bytes. A present value whose inner encoding is null has length -1.
 */
public final class ChangeSerde<V> implements Serde<Change<V>> {
  private final Serde<V> inner;

  public ChangeSerde(Serde<V> inner) {
    this.inner = inner;
  }

  @Override
  public Serializer<Change<V>> serializer() {
    Serializer<V> s = inner.serializer();
    return (topic, change) -> {
      if (change == null) {
        return null;
      }
      byte[] n = change.newValue() == null ? null : s.serialize(topic, change.newValue());
      byte[] o = change.oldValue() == null ? null : s.serialize(topic, change.oldValue());
      int flags = (change.newValue() != null ? 1 : 0) | (change.oldValue() != null ? 2 : 0);
      int size = 1 + (change.newValue() != null ? 4 + len(n) : 0)
          + (change.oldValue() != null ? 4 + len(o) : 0);
      byte[] out = new byte[size];
      out[0] = (byte) flags;
      int pos = 1;
      if (change.newValue() != null) {
        pos = write(out, pos, n);
      }
      if (change.oldValue() != null) {
        write(out, pos, o);
      }
      return out;
    };
  }

  @Override
  public Deserializer<Change<V>> deserializer() {
    Deserializer<V> d = inner.deserializer();
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length < 1 || (bytes[0] & ~3) != 0) {
        throw new SerializationException("not a table change record on topic '" + topic
            + "': bad flags byte");
      }
      int flags = bytes[0];
      int[] pos = {1};
      V n = (flags & 1) != 0 ? read(topic, bytes, pos, d) : null;
      V o = (flags & 2) != 0 ? read(topic, bytes, pos, d) : null;
      if (pos[0] != bytes.length) {
        throw new SerializationException("table change record on topic '" + topic + "' has "
            + (bytes.length - pos[0]) + " trailing bytes");
      }
      return new Change<>(n, o);
    };
  }

  private static int len(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static int write(byte[] out, int pos, byte[] b) {
    int l = b == null ? -1 : b.length;
    out[pos] = (byte) (l >>> 24);
    out[pos + 1] = (byte) (l >>> 16);
    out[pos + 2] = (byte) (l >>> 8);
    out[pos + 3] = (byte) l;
    if (b != null) {
      System.arraycopy(b, 0, out, pos + 4, b.length);
      return pos + 4 + b.length;
    }
    return pos + 4;
  }

  private static <V> V read(String topic, byte[] bytes, int[] pos, Deserializer<V> d) {
    int p = pos[0];
    if (p + 4 > bytes.length) {
      throw new SerializationException("truncated table change record on topic '" + topic + "'");
    }
    int l = ((bytes[p] & 0xFF) << 24) | ((bytes[p + 1] & 0xFF) << 16) | ((bytes[p + 2] & 0xFF) << 8)
        | (bytes[p + 3] & 0xFF);
    p += 4;
    if (l == -1) {
      pos[0] = p;
      return d.deserialize(topic, null);
    }
    if (l < 0 || p + l > bytes.length) {
      throw new SerializationException("table change record on topic '" + topic
          + "' has a bad length " + l);
    }
    byte[] v = new byte[l];
    System.arraycopy(bytes, p, v, 0, l);
    pos[0] = p + l;
    return d.deserialize(topic, v);
  }
}
