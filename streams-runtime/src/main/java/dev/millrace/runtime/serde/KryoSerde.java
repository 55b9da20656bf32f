package dev.millrace.runtime.serde;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import dev.millrace.serialization.Deserializer;
import dev.millrace.serialization.Serde;
import dev.millrace.serialization.SerializationException;
import dev.millrace.serialization.Serializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * A serde for any Java record or plain object, using Kryo: no schema to write, compact output.
 *
 * <pre>{@code
 * Serde<Employee> serde = KryoSerde.of(Employee.class);
 * Serde<Order> strict = KryoSerde.builder(Order.class)
 *     .register(Order.class, LineItem.class)
 *     .requireRegistration(true)
 *     .build();
 * }</pre>
 *
 * <h2>Format</h2>
 * The top-level object is written without its class name (the serde knows {@code type}); nested
 * objects of other classes carry their class name, or their registration id if registered.
 * Registration makes output smaller and, with {@link Builder#requireRegistration(boolean)}, refuses
 * unexpected classes. Registration ids follow registration order, so readers and writers must
 * register the same classes in the same order. Records are written component by component;
 * objects without a no-argument constructor are instantiated without calling a constructor.
 *
 * <h2>Threads</h2>
 * A serde instance is thread-safe and may be shared by all stream threads: Kryo instances are not,
 * so each thread gets its own Kryo with its own reusable output buffer and input, made on first
 * use. The output buffer grows to the largest value a thread has written and is reused; each
 * serialized value is returned as a new exact-size array, since the log keeps it.
 *
 * @param <T> the type handled
 */
public final class KryoSerde<T> implements Serde<T> {
  private final Class<T> type;
  private final List<Class<?>> registrations;
  private final boolean registrationRequired;
  private final int initialBufferSize;
  private final ThreadLocal<PerThread> perThread = ThreadLocal.withInitial(this::newPerThread);
  private final Serializer<T> serializer = this::serialize;
  private final Deserializer<T> deserializer = this::deserialize;

  private final class PerThread {
    final Kryo kryo;
    final Output output = new Output(initialBufferSize, -1);
    final Input input = new Input();

    PerThread(Kryo kryo) {
      this.kryo = kryo;
    }
  }

  private KryoSerde(Builder<T> b) {
    this.type = b.type;
    this.registrations = List.copyOf(b.registrations);
    this.registrationRequired = b.registrationRequired;
    this.initialBufferSize = b.initialBufferSize;
  }

  /** A serde for {@code type}, registration not required. */
  public static <T> KryoSerde<T> of(Class<T> type) {
    return builder(type).build();
  }

  public static <T> Builder<T> builder(Class<T> type) {
    return new Builder<>(type);
  }

  private PerThread newPerThread() {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(registrationRequired);
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    for (Class<?> c : registrations) {
      kryo.register(c);
    }
    return new PerThread(kryo);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  private byte[] serialize(String topic, T value) {
    if (value == null) {
      return null;
    }
    PerThread t = perThread.get();
    Output out = t.output;
    out.reset();
    try {
      t.kryo.writeObject(out, value);
    } catch (KryoException | IllegalArgumentException e) {
      throw new SerializationException("cannot serialize a " + value.getClass().getName()
          + " with Kryo for topic '" + topic + "': " + e.getMessage(), e);
    }
    return out.toBytes();
  }

  private T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    PerThread t = perThread.get();
    Input in = t.input;
    in.setBuffer(bytes);
    T value;
    try {
      value = t.kryo.readObject(in, type);
    } catch (KryoException | IllegalArgumentException | IndexOutOfBoundsException
        | NegativeArraySizeException e) {
      throw new SerializationException("cannot deserialize " + bytes.length + " bytes from topic '"
          + topic + "' as a " + type.getName() + " with Kryo: " + e.getMessage(), e);
    } finally {
      in.setBuffer(new byte[0]);
    }
    return value;
  }

  /** Settings of a {@link KryoSerde}. */
  public static final class Builder<T> {
    private final Class<T> type;
    private final List<Class<?>> registrations = new ArrayList<>();
    private boolean registrationRequired;
    private int initialBufferSize = 256;

    private Builder(Class<T> type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    /** Registers classes, in order (ids follow the order; keep it stable). */
    public Builder<T> register(Class<?>... classes) {
      for (Class<?> c : classes) {
        registrations.add(Objects.requireNonNull(c, "registered class"));
      }
      return this;
    }

    /** If true, writing or reading an unregistered class fails. Default false. */
    public Builder<T> requireRegistration(boolean required) {
      this.registrationRequired = required;
      return this;
    }

    /** @throws IllegalArgumentException if not in 16..64 MiB */
    public Builder<T> initialBufferSize(int bytes) {
      if (bytes < 16 || bytes > 64 * 1024 * 1024) {
        throw new IllegalArgumentException("initialBufferSize must be in 16.." + 64 * 1024 * 1024
            + ", got " + bytes);
      }
      this.initialBufferSize = bytes;
      return this;
    }

    /**
     * @throws IllegalArgumentException if registration is required but {@code type} itself is
     *     not registered
     */
    public KryoSerde<T> build() {
      if (registrationRequired && !registrations.contains(type)) {
        throw new IllegalArgumentException("registration is required, so register "
            + type.getName() + " itself too");
      }
      return new KryoSerde<>(this);
    }
  }
}
