package dev.millrace.streams.internal;

import dev.millrace.serialization.Deserializer;
import dev.millrace.serialization.Serde;
import dev.millrace.serialization.Serializer;
import java.nio.ByteBuffer;

/**
 * A held-back table update: {@code [int64 deadline]} then the {@link ChangeSerde} bytes of the
 * latest value and the value downstream saw last. A null inner serde means the default value
 * serde.
 */
final class SuppressBufferSerde<V> implements DeferredSerde<SuppressBufferSerde.Held<V>> {
  record Held<V>(long deadline, Change<V> change) {}

  private final Serde<V> inner;

  SuppressBufferSerde(Serde<V> inner) {
    this.inner = inner;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Serde<Held<V>> resolve(Serde<?> defaultKeySerde, Serde<?> defaultValueSerde) {
    Serde<V> v = inner != null ? inner : (Serde<V>) defaultValueSerde;
    return v == null ? null : new SuppressBufferSerde<>(v);
  }

  @Override
  public Serializer<Held<V>> serializer() {
    Serializer<Change<V>> s = new ChangeSerde<>(inner).serializer();
    return (topic, h) -> {
      if (h == null) {
        return null;
      }
      byte[] c = s.serialize(topic, h.change());
      return ByteBuffer.allocate(8 + c.length).putLong(h.deadline()).put(c).array();
    };
  }

  @Override
  public Deserializer<Held<V>> deserializer() {
    Deserializer<Change<V>> d = new ChangeSerde<>(inner).deserializer();
    return (topic, b) -> {
      if (b == null) {
        return null;
      }
      ByteBuffer buf = ByteBuffer.wrap(b);
      long deadline = buf.getLong();
      byte[] c = new byte[b.length - 8];
      buf.get(c);
      return new Held<>(deadline, d.deserialize(topic, c));
    };
  }
}
