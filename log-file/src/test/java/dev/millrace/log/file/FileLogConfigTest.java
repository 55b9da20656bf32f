package dev.millrace.log.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.TopicConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FileLogConfigTest {

  @Test
  void defaultsSyncOnCommitOnlyAndCleanEveryThirtySeconds() {
    FileLogConfig c = FileLogConfig.defaults();
    assertTrue(c.syncOnCommit());
    assertFalse(c.syncEveryAppend());
    assertEquals(FileLogConfig.NEVER, c.syncEveryBytes());
    assertEquals(Duration.ZERO, c.syncInterval());
    assertEquals(4096, c.indexIntervalBytes());
    assertEquals(Duration.ofSeconds(30), c.cleanerInterval());
  }

  @Test
  void withersChangeOneSettingEach() {
    Clock clock = Clock.systemUTC();
    FileLogConfig c = FileLogConfig.defaults().withSyncOnCommit(false).withSyncEveryAppend(true)
        .withSyncEveryBytes(1 << 20).withSyncInterval(Duration.ofMillis(5))
        .withIndexIntervalBytes(128).withCleanerInterval(Duration.ZERO).withClock(clock);
    assertFalse(c.syncOnCommit());
    assertTrue(c.syncEveryAppend());
    assertEquals(1 << 20, c.syncEveryBytes());
    assertEquals(Duration.ofMillis(5), c.syncInterval());
    assertEquals(128, c.indexIntervalBytes());
    assertEquals(Duration.ZERO, c.cleanerInterval());
    assertEquals(clock, c.clock());
    assertTrue(c.toString().contains("syncEveryBytes=1048576"), c.toString());
  }

  @Test
  void badValuesAreRejectedNamingTheSetting() {
    FileLogConfig c = FileLogConfig.defaults();
    assertMessage(() -> c.withSyncEveryBytes(0), "syncEveryBytes");
    assertMessage(() -> c.withSyncInterval(Duration.ofMillis(-1)), "syncInterval");
    assertMessage(() -> c.withIndexIntervalBytes(63), "indexIntervalBytes");
    assertMessage(() -> c.withCleanerInterval(Duration.ofSeconds(-1)), "cleanerInterval");
    assertThrows(NullPointerException.class, () -> c.withClock(null));
    assertThrows(NullPointerException.class, () -> FileLog.open(null));
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call,
      String fragment) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void openWithDefaultsCreatesTheLogAndRemembersItsDirectory() {
    Path dir = TempDirs.newDir().resolve("nested/log");
    try (FileLog log = FileLog.open(dir)) {
      assertEquals(dir.toAbsolutePath().normalize(), log.directory());
      assertFalse(log.isReadOnly());
      log.createTopic("t", TopicConfig.partitions(3));
    }
    try (FileLog log = FileLog.openReadOnly(dir)) {
      assertEquals(3, log.describeTopic("t").partitions());
      assertTrue(log.toString().contains("read-only"));
    }
  }
}
