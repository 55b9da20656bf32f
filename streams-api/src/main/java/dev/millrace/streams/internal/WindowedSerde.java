package dev.millrace.streams.internal;

import dev.millrace.serialization.Deserializer;
import dev.millrace.serialization.Serde;
import dev.millrace.serialization.SerializationException;
import dev.millrace.serialization.Serializer;
import dev.millrace.streams.kstream.Windowed;
import java.nio.ByteBuffer;

/**
 * The topic format of {@link Windowed} keys (see {@link dev.millrace.streams.kstream.WindowedSerdes}):
 * {@code [key bytes][int64 start][int64 end]}, big-endian. A null inner serde means the default key
 * serde.
 */
public final class WindowedSerde<K> implements DeferredSerde<Windowed<K>> {
  private final Serde<K> inner;

  public WindowedSerde(Serde<K> inner) {
    this.inner = inner;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Serde<Windowed<K>> resolve(Serde<?> defaultKeySerde, Serde<?> defaultValueSerde) {
    Serde<K> k = inner != null ? inner : (Serde<K>) defaultKeySerde;
    return k == null ? null : new WindowedSerde<>(k);
  }

  @Override
  public Serializer<Windowed<K>> serializer() {
    Serializer<K> ks = check().serializer();
    return (topic, w) -> {
      if (w == null) {
        return null;
      }
      byte[] k = ks.serialize(topic, w.key());
      if (k == null) {
        throw new SerializationException("key serializer returned null for windowed key "
            + w.key() + " on " + topic);
      }
      return ByteBuffer.allocate(k.length + 16).put(k).putLong(w.startMs()).putLong(w.endMs())
          .array();
    };
  }

  @Override
  public Deserializer<Windowed<K>> deserializer() {
    Deserializer<K> kd = check().deserializer();
    return (topic, b) -> {
      if (b == null) {
        return null;
      }
      if (b.length < 16) {
        throw new SerializationException("a windowed key on " + topic + " needs at least 16"
            + " bytes (key, start, end), got " + b.length);
      }
      ByteBuffer buf = ByteBuffer.wrap(b);
      byte[] k = new byte[b.length - 16];
      buf.get(k);
      return new Windowed<>(kd.deserialize(topic, k), buf.getLong(), buf.getLong());
    };
  }

  private Serde<K> check() {
    if (inner == null) {
      throw new IllegalStateException("windowed serde used before its key serde was resolved;"
          + " give the key serde explicitly when using it outside a topology");
    }
    return inner;
  }
}
