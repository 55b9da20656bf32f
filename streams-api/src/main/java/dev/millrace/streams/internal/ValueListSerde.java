package dev.millrace.streams.internal;

import dev.millrace.serialization.Deserializer;
import dev.millrace.serialization.Serde;
import dev.millrace.serialization.SerializationException;
import dev.millrace.serialization.Serializer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of non-null values: {@code [int32 count]} then {@code [int32 length][bytes]} per value,
 * big-endian. A null inner serde means the default value serde.
 */
final class ValueListSerde<V> implements DeferredSerde<List<V>> {
  private final Serde<V> inner;

  ValueListSerde(Serde<V> inner) {
    this.inner = inner;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Serde<List<V>> resolve(Serde<?> defaultKeySerde, Serde<?> defaultValueSerde) {
    Serde<V> v = inner != null ? inner : (Serde<V>) defaultValueSerde;
    return v == null ? null : new ValueListSerde<>(v);
  }

  @Override
  public Serializer<List<V>> serializer() {
    Serializer<V> s = inner.serializer();
    return (topic, list) -> {
      if (list == null) {
        return null;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(ByteBuffer.allocate(4).putInt(list.size()).array());
      for (V v : list) {
        byte[] b = s.serialize(topic, v);
        if (b == null) {
          throw new SerializationException("value serializer returned null for " + v + " on "
              + topic);
        }
        out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
        out.writeBytes(b);
      }
      return out.toByteArray();
    };
  }

  @Override
  public Deserializer<List<V>> deserializer() {
    Deserializer<V> d = inner.deserializer();
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int n = buf.getInt();
        List<V> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          byte[] b = new byte[buf.getInt()];
          buf.get(b);
          out.add(d.deserialize(topic, b));
        }
        return out;
      } catch (RuntimeException e) {
        throw new SerializationException("not a value list on " + topic + " (" + bytes.length
            + " bytes): " + e);
      }
    };
  }
}
