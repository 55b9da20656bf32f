package dev.millrace.examples.payroll;

import dev.millrace.serialization.Deserializer;
import dev.millrace.serialization.Serde;
import dev.millrace.serialization.SerializationException;
import dev.millrace.serialization.Serializer;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Binary serde for {@link SalaryUpdate}. Layout, big-endian:
 *
 * <pre>
 *   byte    format version (1)
 *   byte    kind: 0 = SALARY, 1 = BONUS
 *   int64   amount
 *   int64   event time, ms
 *   uint16  department length n, then n bytes of UTF-8
 *   uint16  employee id length m, then m bytes of UTF-8
 * </pre>
 *
 * Null maps to null both ways.
 */
public final class SalaryUpdateSerde {
  static final byte VERSION = 1;
  private static final int MAX_TEXT = 0xFFFF;

  private static final Serde<SalaryUpdate> SERDE = Serde.of(serializer(), deserializer());

  private SalaryUpdateSerde() {}

  /** The serde. */
  public static Serde<SalaryUpdate> serde() {
    return SERDE;
  }

  private static Serializer<SalaryUpdate> serializer() {
    return (topic, u) -> {
      if (u == null) {
        return null;
      }
      byte[] department = text(topic, "department", u.department());
      byte[] employee = text(topic, "employee id", u.employeeId());
      return ByteBuffer.allocate(1 + 1 + 8 + 8 + 2 + department.length + 2 + employee.length)
          .put(VERSION)
          .put((byte) u.kind().ordinal())
          .putLong(u.amount())
          .putLong(u.eventTime())
          .putShort((short) department.length).put(department)
          .putShort((short) employee.length).put(employee)
          .array();
    };
  }

  private static Deserializer<SalaryUpdate> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte version = b.get();
        if (version != VERSION) {
          throw new SerializationException("salary update on topic '" + topic
              + "' has format version " + version + ", expected " + VERSION);
        }
        byte kind = b.get();
        if (kind < 0 || kind >= SalaryUpdate.Kind.values().length) {
          throw new SerializationException("salary update on topic '" + topic
              + "' has unknown kind " + kind);
        }
        long amount = b.getLong();
        long eventTime = b.getLong();
        String department = readText(b);
        String employee = readText(b);
        if (b.hasRemaining()) {
          throw new SerializationException("salary update on topic '" + topic + "' has "
              + b.remaining() + " trailing bytes");
        }
        return new SalaryUpdate(department, employee, amount, SalaryUpdate.Kind.values()[kind],
            eventTime);
      } catch (BufferUnderflowException e) {
        throw new SerializationException("salary update on topic '" + topic + "' is truncated ("
            + bytes.length + " bytes)", e);
      } catch (IllegalArgumentException e) {
        throw new SerializationException("invalid salary update on topic '" + topic + "': "
            + e.getMessage(), e);
      }
    };
  }

  private static byte[] text(String topic, String what, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > MAX_TEXT) {
      throw new SerializationException(what + " of a salary update for topic '" + topic
          + "' is " + b.length + " bytes, more than " + MAX_TEXT);
    }
    return b;
  }

  private static String readText(ByteBuffer b) {
    int length = Short.toUnsignedInt(b.getShort());
    if (length > b.remaining()) {
      throw new BufferUnderflowException();
    }
    String s = new String(b.array(), b.position(), length, StandardCharsets.UTF_8);
    b.position(b.position() + length);
    return s;
  }
}
