package dev.millrace.streams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.millrace.serialization.SerializationException;
import dev.millrace.serialization.Serdes;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class ChangeSerdeProperties {
  private final ChangeSerde<String> serde = new ChangeSerde<>(Serdes.String());

  @Property(tries = 200)
  void roundTrips(@ForAll String newValue, @ForAll String oldValue, @ForAll boolean hasNew,
      @ForAll boolean hasOld) {
    Change<String> c = new Change<>(hasNew ? newValue : null, hasOld ? oldValue : null);
    assertEquals(c, serde.deserializer().deserialize("t",
        serde.serializer().serialize("t", c)));
  }

  @Example
  void rejectsGarbage() {
    assertThrows(SerializationException.class,
        () -> serde.deserializer().deserialize("t", new byte[] {4}));
    assertThrows(SerializationException.class,
        () -> serde.deserializer().deserialize("t", new byte[] {1, 0, 0, 0, 9, 1}));
  }
}
