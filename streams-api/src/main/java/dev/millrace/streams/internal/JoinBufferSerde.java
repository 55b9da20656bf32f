package dev.millrace.streams.internal;

import dev.millrace.serialization.Deserializer;
import dev.millrace.serialization.Serde;
import dev.millrace.serialization.SerializationException;
import dev.millrace.serialization.Serializer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link JoinBuffer}s as the values of a join's window store and its changelog, format version 1,
 * big-endian:
 *
 * <pre>
 * [int8 version = 1][int8 unmatched: 0 or 1][int32 count] then per value [int32 length][bytes]
 * </pre>
 *
 * A null inner serde means the configured default value serde.
 */
final class JoinBufferSerde<V> implements DeferredSerde<JoinBuffer<V>> {
  private static final byte VERSION = 1;

  private final Serde<V> inner;

  JoinBufferSerde(Serde<V> inner) {
    this.inner = inner;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Serde<JoinBuffer<V>> resolve(Serde<?> defaultKeySerde, Serde<?> defaultValueSerde) {
    Serde<V> v = inner != null ? inner : (Serde<V>) defaultValueSerde;
    return v == null ? null : new JoinBufferSerde<>(v);
  }

  @Override
  public Serializer<JoinBuffer<V>> serializer() {
    Serializer<V> s = inner.serializer();
    return (topic, buffer) -> {
      if (buffer == null) {
        return null;
      }
      List<V> values = buffer.values();
      int n = values.size();
      if (n == 1) {
        byte[] b = bytes(s, topic, values.get(0));
        return ByteBuffer.allocate(10 + b.length).put(VERSION)
            .put((byte) (buffer.unmatched() ? 1 : 0)).putInt(1).putInt(b.length).put(b).array();
      }
      byte[][] encoded = new byte[n][];
      int size = 6;
      for (int i = 0; i < n; i++) {
        encoded[i] = bytes(s, topic, values.get(i));
        size += 4 + encoded[i].length;
      }
      ByteBuffer out = ByteBuffer.allocate(size).put(VERSION)
          .put((byte) (buffer.unmatched() ? 1 : 0)).putInt(n);
      for (byte[] b : encoded) {
        out.putInt(b.length).put(b);
      }
      return out.array();
    };
  }

  private static <V> byte[] bytes(Serializer<V> s, String topic, V value) {
    byte[] b = s.serialize(topic, value);
    if (b == null) {
      throw new SerializationException("value serializer returned null for join value " + value
          + " on " + topic);
    }
    return b;
  }

  @Override
  public Deserializer<JoinBuffer<V>> deserializer() {
    Deserializer<V> d = inner.deserializer();
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte version = buf.get();
        if (version != VERSION) {
          throw new SerializationException("join buffer on " + topic + " has format version "
              + version + ", expected " + VERSION);
        }
        boolean unmatched = buf.get() != 0;
        int n = buf.getInt();
        if (n <= 0) {
          throw new SerializationException("join buffer on " + topic + " holds " + n
              + " values");
        }
        List<V> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          byte[] b = new byte[buf.getInt()];
          buf.get(b);
          values.add(d.deserialize(topic, b));
        }
        return new JoinBuffer<>(unmatched, values);
      } catch (RuntimeException e) {
        if (e instanceof SerializationException se) {
          throw se;
        }
        throw new SerializationException("not a join buffer on " + topic + " (" + bytes.length
            + " bytes): " + e);
      }
    };
  }
}
