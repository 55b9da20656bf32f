package dev.millrace.benchmarks.harness;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the harness's payroll input deterministically from a seed: employees spread over
 * departments, each record a new salary (80%) or a bonus (20%) for a random employee; about 1% of
 * records follow a move to another department. Event time advances by 1 ms per record with up to
 * {@value #MAX_DISORDER_MS} ms of disorder either way, so records arrive slightly out of order.
 */
public final class InputGenerator {
  /** Start of generated event time: 2023-11-14T22:13:20Z. */
  public static final long BASE_TIME_MS = 1_700_000_000_000L;
  /** Largest distance, in ms, of a record's event time from its position in the sequence. */
  public static final int MAX_DISORDER_MS = 25;

  private static final int FILE_MAGIC = 0x4d525031; // "MRP1"

  private InputGenerator() {}

  /**
   * The first {@code records} records for the given shape and seed; the same arguments always give
   * the same list.
   *
   * @throws IllegalArgumentException if a count is not positive
   */
  public static List<InputRecord> generate(int records, int employees, int departments,
      long seed) {
    if (records < 1 || employees < 1 || departments < 1) {
      throw new IllegalArgumentException("records, employees and departments must be positive, got "
          + records + ", " + employees + ", " + departments);
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] departmentOf = new int[employees];
    for (int e = 0; e < employees; e++) {
      departmentOf[e] = random.nextInt(departments);
    }
    List<InputRecord> out = new ArrayList<>(records);
    for (int i = 0; i < records; i++) {
      int employee = random.nextInt(employees);
      if (departments > 1 && random.nextInt(100) == 0) {
        departmentOf[employee] = (departmentOf[employee] + 1 + random.nextInt(departments - 1))
            % departments;
      }
      boolean bonus = random.nextInt(5) == 0;
      long amount = bonus ? 500 + random.nextInt(19_501) : 30_000 + random.nextInt(170_001);
      long time = BASE_TIME_MS + i + random.nextInt(2 * MAX_DISORDER_MS + 1) - MAX_DISORDER_MS;
      String id = employeeId(employee);
      SalaryEvent event = new SalaryEvent(departmentName(departmentOf[employee]), id, amount,
          bonus, time);
      out.add(new InputRecord(id, event.format(), time));
    }
    return out;
  }

  /** The id of employee number {@code n}, e.g. {@code e000042}. */
  public static String employeeId(int n) {
    return String.format("e%06d", n);
  }

  /** The name of department number {@code n}, e.g. {@code dept-07}. */
  public static String departmentName(int n) {
    return String.format("dept-%02d", n);
  }

  /** Writes records to a file that {@link #read} reads back, replacing it. */
  public static void write(Path file, List<InputRecord> records) {
    try (DataOutputStream out = new DataOutputStream(
        new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      out.writeInt(FILE_MAGIC);
      out.writeInt(records.size());
      for (InputRecord r : records) {
        out.writeUTF(r.key());
        out.writeUTF(r.value());
        out.writeLong(r.timestamp());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write input file " + file, e);
    }
  }

  /**
   * Reads a file written by {@link #write}.
   *
   * @throws UncheckedIOException naming the file if it is unreadable, truncated or not an input
   *     file
   */
  public static List<InputRecord> read(Path file) {
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      int magic = in.readInt();
      if (magic != FILE_MAGIC) {
        throw new IOException("not a harness input file (bad magic " + Integer.toHexString(magic)
            + ")");
      }
      int count = in.readInt();
      List<InputRecord> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        try {
          out.add(new InputRecord(in.readUTF(), in.readUTF(), in.readLong()));
        } catch (EOFException e) {
          throw new IOException("truncated after " + i + " of " + count + " records", e);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read input file " + file + ": " + e.getMessage(), e);
    }
  }
}
