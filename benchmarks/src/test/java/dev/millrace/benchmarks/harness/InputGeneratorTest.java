package dev.millrace.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputGeneratorTest {

  @Test
  void sameSeedSameRecordsOtherSeedOtherRecords() {
    assertEquals(InputGenerator.generate(2_000, 300, 5, 7),
        InputGenerator.generate(2_000, 300, 5, 7));
    assertNotEquals(InputGenerator.generate(2_000, 300, 5, 7),
        InputGenerator.generate(2_000, 300, 5, 8));
  }

  @Test
  void recordsHaveTheDocumentedShape() {
    List<InputRecord> records = InputGenerator.generate(20_000, 500, 20, 1);
    Map<String, String> departmentOf = new HashMap<>();
    int moves = 0;
    int bonuses = 0;
    for (int i = 0; i < records.size(); i++) {
      InputRecord r = records.get(i);
      SalaryEvent e = SalaryEvent.parse(r.value());
      assertEquals(r.key(), e.employee());
      assertEquals(r.timestamp(), e.eventTime());
      assertTrue(Math.abs(r.timestamp() - (InputGenerator.BASE_TIME_MS + i))
          <= InputGenerator.MAX_DISORDER_MS, "record " + i);
      assertTrue(e.amount() > 0);
      bonuses += e.bonus() ? 1 : 0;
      String before = departmentOf.put(e.employee(), e.department());
      if (before != null && !before.equals(e.department())) {
        moves++;
      }
    }
    assertTrue(moves > 50 && moves < 400, "about 1% of records follow a move, got " + moves);
    assertTrue(bonuses > 3_000 && bonuses < 5_000, "about 20% bonuses, got " + bonuses);
    assertEquals(20, records.stream().map(r -> SalaryEvent.parse(r.value()).department())
        .distinct().count());
    assertTrue(records.stream().anyMatch(r -> r.timestamp() < records.get(0).timestamp()),
        "some disorder");
  }

  @Test
  void fileRoundTrip(@TempDir Path dir) {
    List<InputRecord> records = InputGenerator.generate(1_000, 50, 3, 3);
    Path file = dir.resolve("in.bin");
    InputGenerator.write(file, records);
    assertEquals(records, InputGenerator.read(file));
  }

  @Test
  void truncatedOrForeignFilesAreRejectedNamingTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("in.bin");
    InputGenerator.write(file, InputGenerator.generate(100, 10, 2, 3));
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> InputGenerator.read(file));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"),
        e.getMessage());
    Files.writeString(file, "hello, not an input file");
    e = assertThrows(UncheckedIOException.class, () -> InputGenerator.read(file));
    assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
  }

  @Test
  void badCountsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> InputGenerator.generate(0, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> InputGenerator.generate(1, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> InputGenerator.generate(1, 1, 0, 1));
  }
}
