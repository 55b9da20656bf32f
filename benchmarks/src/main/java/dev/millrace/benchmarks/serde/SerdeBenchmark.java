package dev.millrace.benchmarks.serde;

import dev.millrace.runtime.serde.KryoSerde;
import dev.millrace.serialization.Serde;
import dev.millrace.serialization.Serdes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Serialize-then-deserialize round trips of the values a topology moves per record: a key string,
 * a long, and a small payroll-like record through the Kryo serde, registered (class written as a
 * small id) and unregistered (class written by name). DESIGN.md budgets about 0.3 µs for decoding
 * plus encoding a small record; this checks the built-ins against that.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SerdeBenchmark {
  /** A payroll update as an application would define it. */
  public record Payment(String department, String employee, long amount, boolean bonus,
      long eventTime) {}

  private static final String TOPIC = "bench";

  private final Serde<String> strings = Serdes.String();
  private final Serde<Long> longs = Serdes.Long();
  private KryoSerde<Payment> kryoRegistered;
  private KryoSerde<Payment> kryoUnregistered;
  private String key;
  private Long amount;
  private Payment payment;

  @Setup
  public void setUp() {
    kryoRegistered = KryoSerde.builder(Payment.class).register(Payment.class).build();
    kryoUnregistered = KryoSerde.of(Payment.class);
    key = "employee-04217";
    amount = 123_456L;
    payment = new Payment("engineering", key, 5_400, false, 1_763_712_000_000L);
  }

  @Benchmark
  public String stringRoundTrip() {
    return strings.deserializer().deserialize(TOPIC, strings.serializer().serialize(TOPIC, key));
  }

  @Benchmark
  public Long longRoundTrip() {
    return longs.deserializer().deserialize(TOPIC, longs.serializer().serialize(TOPIC, amount));
  }

  @Benchmark
  public Payment kryoRegisteredRoundTrip() {
    return kryoRegistered.deserializer().deserialize(TOPIC,
        kryoRegistered.serializer().serialize(TOPIC, payment));
  }

  @Benchmark
  public Payment kryoUnregisteredRoundTrip() {
    return kryoUnregistered.deserializer().deserialize(TOPIC,
        kryoUnregistered.serializer().serialize(TOPIC, payment));
  }
}
