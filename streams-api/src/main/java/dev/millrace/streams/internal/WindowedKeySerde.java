package dev.millrace.streams.internal;

import dev.millrace.serialization.Deserializer;
import dev.millrace.serialization.Serde;
import dev.millrace.serialization.SerializationException;
import dev.millrace.serialization.Serializer;
import dev.millrace.streams.kstream.Windowed;

/**
 * {@link Windowed} keys as the keys of a window store ({@code sizeMs > 0}: the end is derived as
 * start + size) or of a session store ({@code sizeMs == SESSION}); see {@link WindowKeyBytes}.
 */
public final class WindowedKeySerde<K> implements DeferredSerde<Windowed<K>> {
  public static final long SESSION = -1;

  private final Serde<K> inner;
  private final long sizeMs;

  public WindowedKeySerde(Serde<K> inner, long sizeMs) {
    this.inner = inner;
    this.sizeMs = sizeMs;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Serde<Windowed<K>> resolve(Serde<?> defaultKeySerde, Serde<?> defaultValueSerde) {
    Serde<K> k = inner != null ? inner : (Serde<K>) defaultKeySerde;
    return k == null ? null : new WindowedKeySerde<>(k, sizeMs);
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
        throw new SerializationException("key serializer returned null for window key "
            + w.key() + " of " + topic);
      }
      return sizeMs == SESSION ? WindowKeyBytes.session(k, w.startMs(), w.endMs())
          : WindowKeyBytes.window(k, w.startMs());
    };
  }

  @Override
  public Deserializer<Windowed<K>> deserializer() {
    Deserializer<K> kd = check().deserializer();
    return (topic, b) -> {
      if (b == null) {
        return null;
      }
      K k = kd.deserialize(topic, WindowKeyBytes.key(b));
      if (sizeMs == SESSION) {
        return new Windowed<>(k, WindowKeyBytes.sessionStart(b), WindowKeyBytes.sessionEnd(b));
      }
      long start = WindowKeyBytes.windowStart(b);
      return new Windowed<>(k, start, start + sizeMs);
    };
  }

  private Serde<K> check() {
    if (inner == null) {
      throw new IllegalStateException("window key serde used before its key serde was resolved");
    }
    return inner;
  }
}
