package dev.millrace.streams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.serialization.SerializationException;
import dev.millrace.serialization.Serdes;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NotEmpty;
import net.jqwik.api.constraints.Size;

class JoinBufferSerdeProperties {
  private final JoinBufferSerde<String> serde = new JoinBufferSerde<>(Serdes.String());

  @Property(tries = 200)
  void roundTrips(@ForAll @NotEmpty @Size(max = 5) List<String> values,
      @ForAll boolean unmatched) {
    JoinBuffer<String> b = new JoinBuffer<>(unmatched, values);
    byte[] bytes = serde.serializer().serialize("t", b);
    assertEquals(1, bytes[0], "format version");
    assertEquals(b, serde.deserializer().deserialize("t", bytes));
  }

  @Example
  void nullIsATombstone() {
    assertNull(serde.serializer().serialize("t", null));
    assertNull(serde.deserializer().deserialize("t", null));
  }

  @Example
  void rejectsOtherVersionsAndGarbageNamingTheTopic() {
    SerializationException e = assertThrows(SerializationException.class,
        () -> serde.deserializer().deserialize("t", new byte[] {2, 0, 0, 0, 0, 1, 0, 0, 0, 0}));
    assertTrue(e.getMessage().contains("format version 2") && e.getMessage().contains("t"),
        e.getMessage());
    assertThrows(SerializationException.class,
        () -> serde.deserializer().deserialize("t", new byte[] {1, 1, 0, 0, 0, 3, 0}));
    assertThrows(SerializationException.class,
        () -> serde.deserializer().deserialize("t", new byte[] {1, 1, 0, 0, 0, 0}));
  }

  @Example
  void resolvesTheDefaultValueSerdeWhenNoneIsGiven() {
    assertNull(new JoinBufferSerde<String>(null).resolve(null, null));
    JoinBuffer<String> b = new JoinBuffer<>(false, List.of("x"));
    var resolved = new JoinBufferSerde<String>(null).resolve(null, Serdes.String());
    assertEquals(b, resolved.deserializer().deserialize("t",
        resolved.serializer().serialize("t", b)));
  }
}
