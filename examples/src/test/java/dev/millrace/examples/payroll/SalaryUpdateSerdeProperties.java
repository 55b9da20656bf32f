package dev.millrace.examples.payroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.serialization.SerializationException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SalaryUpdateSerdeProperties {
  private static final String TOPIC = "salary-updates";

  @Property(tries = 200)
  void roundTrip(@ForAll @StringLength(max = 40) String department,
      @ForAll @StringLength(max = 40) String employee,
      @ForAll @LongRange(min = 1) long amount, @ForAll SalaryUpdate.Kind kind,
      @ForAll long eventTime) {
    SalaryUpdate u = new SalaryUpdate(department, employee, amount, kind, eventTime);
    byte[] bytes = SalaryUpdateSerde.serde().serializer().serialize(TOPIC, u);
    assertEquals(u, SalaryUpdateSerde.serde().deserializer().deserialize(TOPIC, bytes));
  }

  @Property(tries = 100)
  void everyTruncationIsRejectedNamingTheTopic(@ForAll @StringLength(max = 10) String department,
      @ForAll @LongRange(min = 1) long amount) {
    byte[] bytes = SalaryUpdateSerde.serde().serializer().serialize(TOPIC,
        new SalaryUpdate(department, "emp-1", amount, SalaryUpdate.Kind.SALARY, 5));
    for (int n = 0; n < bytes.length; n++) {
      byte[] cut = Arrays.copyOf(bytes, n);
      SerializationException e = assertThrows(SerializationException.class,
          () -> SalaryUpdateSerde.serde().deserializer().deserialize(TOPIC, cut));
      assertTrue(e.getMessage().contains(TOPIC), e.getMessage());
    }
  }

  @Test
  void nullIsNullAndForeignBytesAreRejected() {
    assertNull(SalaryUpdateSerde.serde().serializer().serialize(TOPIC, null));
    assertNull(SalaryUpdateSerde.serde().deserializer().deserialize(TOPIC, null));
    byte[] bytes = SalaryUpdateSerde.serde().serializer().serialize(TOPIC,
        new SalaryUpdate("sales", "emp-1", 10, SalaryUpdate.Kind.BONUS, 5));
    byte[] otherVersion = bytes.clone();
    otherVersion[0] = 9;
    assertThrows(SerializationException.class,
        () -> SalaryUpdateSerde.serde().deserializer().deserialize(TOPIC, otherVersion));
    byte[] otherKind = bytes.clone();
    otherKind[1] = 7;
    assertThrows(SerializationException.class,
        () -> SalaryUpdateSerde.serde().deserializer().deserialize(TOPIC, otherKind));
    byte[] zeroAmount = bytes.clone();
    Arrays.fill(zeroAmount, 2, 10, (byte) 0);
    assertThrows(SerializationException.class,
        () -> SalaryUpdateSerde.serde().deserializer().deserialize(TOPIC, zeroAmount));
    byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(SerializationException.class,
        () -> SalaryUpdateSerde.serde().deserializer().deserialize(TOPIC, trailing));
  }
}
