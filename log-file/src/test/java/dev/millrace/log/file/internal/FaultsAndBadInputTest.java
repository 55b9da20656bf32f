package dev.millrace.log.file.internal;

import static dev.millrace.log.file.internal.CrashRecoveryProperties.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.LogRecord;
import dev.millrace.log.LogStorageException;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.file.FileLogConfig;
import dev.millrace.log.file.TempDirs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A full disk, corrupt files, unknown versions, foreign files: clear errors, nothing lost. */
class FaultsAndBadInputTest {
  static final TopicPartition TP = TopicPartition.of("t", 0);

  static List<LogRecord> records(String prefix, int n) {
    List<LogRecord> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(LogRecord.of(("k" + i).getBytes(), (prefix + i).getBytes(), 100 + i));
    }
    return out;
  }

  static FileLogConfig quiet() {
    return FileLogConfig.defaults().withCleanerInterval(Duration.ZERO);
  }

  @Test
  void fullDiskFailsTheAppendNamingTheFileAndLosesNothingDurable() throws IOException {
    Path dir = TempDirs.newDir();
    AtomicBoolean full = new AtomicBoolean();
    try (FileLog log = FileLogEngine.open(dir, quiet(), false, FaultyChannel.factory(full))) {
      log.createTopic("t", TopicConfig.partitions(1));
      log.append(TP, records("a", 5));
      TransactionalWriter w = log.initTransactions("tx");
      w.beginTransaction();
      w.append(TP, records("b", 3));
      w.commitTransaction();
      log.flush();

      full.set(true);
      LogStorageException e = assertThrows(LogStorageException.class,
          () -> log.append(TP, records("lost", 4)));
      assertTrue(e.getMessage().contains("00000000000000000000.log"), e.getMessage());
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      assertEquals(9, log.endOffset(TP), "the failed append took no offset");

      w.beginTransaction();
      assertThrows(LogStorageException.class, () -> w.append(TP, records("lost", 2)));
      assertThrows(LogStorageException.class, w::commitTransaction);
      assertFalse(w.inTransaction(), "a failed commit aborts");

      full.set(false); // space returns: the writer continues
      assertEquals(9, log.append(TP, records("c", 2)));
      w.beginTransaction();
      w.append(TP, records("d", 1));
      w.commitTransaction();
      log.flush();
    }
    try (FileLog log = FileLog.open(dir, quiet())) {
      List<StoredRecord> all = readAll(log, TP, IsolationLevel.READ_COMMITTED);
      List<String> values = all.stream().map(r -> new String(r.value())).toList();
      assertEquals(List.of("a0", "a1", "a2", "a3", "a4", "b0", "b1", "b2", "c0", "c1", "d0"),
          values);
      assertTrue(values.stream().noneMatch(v -> v.startsWith("lost")));
    }
    TempDirs.delete(dir);
  }

  @Test
  void fullDiskDuringGroupOffsetCommitKeepsTheOldOffsets() {
    Path dir = TempDirs.newDir();
    AtomicBoolean full = new AtomicBoolean();
    try (FileLog log = FileLogEngine.open(dir, quiet(), false, FaultyChannel.factory(full))) {
      log.createTopic("t", TopicConfig.partitions(1));
      log.commitOffsets("g", Map.of(TP, 3L));
      full.set(true);
      LogStorageException e = assertThrows(LogStorageException.class,
          () -> log.commitOffsets("g", Map.of(TP, 7L)));
      assertTrue(e.getMessage().contains(TxnJournal.FILE_NAME), e.getMessage());
      assertEquals(Map.of(TP, 3L), log.committedOffsets("g", List.of(TP)));
      full.set(false);
      log.commitOffsets("g", Map.of(TP, 8L));
    }
    try (FileLog log = FileLog.open(dir, quiet())) {
      assertEquals(Map.of(TP, 8L), log.committedOffsets("g", List.of(TP)));
    }
    TempDirs.delete(dir);
  }

  @Test
  void commitMarkersLostToAFullDiskAfterTheCommitPointAreWrittenLater() {
    Path dir = TempDirs.newDir();
    AtomicBoolean full = new AtomicBoolean();
    try (FileLog log = FileLogEngine.open(dir, quiet(), false,
        FaultyChannel.factory(full, ".log"))) {
      log.createTopic("t", TopicConfig.partitions(1));
      TransactionalWriter w = log.initTransactions("tx");
      w.beginTransaction();
      w.append(TP, records("a", 3));
      w.addOffsets("g", Map.of(TP, 3L));
      full.set(true); // the journal still has room, the segment does not
      w.commitTransaction(); // durable at the commit point: no exception
      assertEquals(Map.of(TP, 3L), log.committedOffsets("g", List.of(TP)));
      assertEquals(0, log.lastStableOffset(TP), "the marker is still owed");
      assertTrue(readAll(log, TP, IsolationLevel.READ_COMMITTED).isEmpty());
      full.set(false);
      w.beginTransaction(); // pays the owed marker first
      assertEquals(4, log.lastStableOffset(TP));
      assertEquals(3, readAll(log, TP, IsolationLevel.READ_COMMITTED).size());
      w.append(TP, records("b", 1));
      full.set(true);
      w.commitTransaction();
    }
    try (FileLog log = FileLog.open(dir, quiet())) { // reopen writes the marker the disk refused
      List<String> values = readAll(log, TP, IsolationLevel.READ_COMMITTED).stream()
          .map(r -> new String(r.value())).toList();
      assertEquals(List.of("a0", "a1", "a2", "b0"), values);
      assertEquals(log.endOffset(TP), log.lastStableOffset(TP));
    }
    TempDirs.delete(dir);
  }

  private static Path logWithData() {
    Path dir = TempDirs.newDir();
    try (FileLog log = FileLog.open(dir, quiet())) {
      log.createTopic("t", TopicConfig.partitions(1).withSegmentBytes(1024));
      for (int i = 0; i < 20; i++) {
        log.append(TP, records("v", 5));
      }
    }
    return dir;
  }

  private static Path segment(Path dir, int index) throws IOException {
    try (var s = Files.list(dir.resolve("topics/t/0"))) {
      return s.filter(p -> p.toString().endsWith(".log")).sorted().toList().get(index);
    }
  }

  private static void putShort(Path file, long position, short value) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(2).putShort(0, value), position);
    }
  }

  @Test
  void unknownDirectoryFormatVersionIsRefusedNamingIt() throws IOException {
    Path dir = logWithData();
    putShort(dir.resolve(FileLogEngine.META_FILE), 4, (short) 99);
    LogStorageException e = assertThrows(LogStorageException.class,
        () -> FileLog.open(dir, quiet()));
    assertTrue(e.getMessage().contains("format version 99"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    assertThrows(LogStorageException.class, () -> FileLog.openReadOnly(dir));
    TempDirs.delete(dir);
  }

  @Test
  void unknownSegmentVersionIsRefusedNamingTheFile() throws IOException {
    Path dir = logWithData();
    Path seg = segment(dir, 0);
    putShort(seg, 4, (short) 7);
    LogStorageException e = assertThrows(LogStorageException.class,
        () -> FileLog.open(dir, quiet()));
    assertTrue(e.getMessage().contains(seg.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("format version 7"), e.getMessage());
    TempDirs.delete(dir);
  }

  @Test
  void unknownJournalAndTopicMetadataVersionsAreRefusedNamingTheFile() throws IOException {
    Path dir = logWithData();
    Path journal = dir.resolve(TxnJournal.FILE_NAME);
    putShort(journal, 4, (short) 3);
    LogStorageException e = assertThrows(LogStorageException.class,
        () -> FileLog.open(dir, quiet()));
    assertTrue(e.getMessage().contains(journal.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("format version 3"), e.getMessage());
    putShort(journal, 4, TxnJournal.VERSION);

    Path meta = dir.resolve("topics/t").resolve(TopicMeta.FILE_NAME);
    putShort(meta, 4, (short) 2);
    e = assertThrows(LogStorageException.class, () -> FileLog.open(dir, quiet()));
    assertTrue(e.getMessage().contains(meta.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("format version 2"), e.getMessage());
    putShort(meta, 4, TopicMeta.VERSION);
    try (FileLog log = FileLog.open(dir, quiet())) { // nothing was changed by the refusals
      assertEquals(100, readAll(log, TP, IsolationLevel.READ_UNCOMMITTED).size());
    }
    TempDirs.delete(dir);
  }

  /**
   * Records lost below a durable beginning offset (the disk damaged the data the offset was
   * raised over): the partition opens empty at its beginning offset, without handing out any
   * offset below it again.
   */
  @Test
  void aPartitionThatLostTheRecordsBelowItsBeginningGoesOnEmptyFromThere() throws IOException {
    Path dir = TempDirs.newDir();
    try (FileLog log = FileLog.open(dir, quiet())) {
      log.createTopic("t", TopicConfig.partitions(1));
      log.append(TP, records("a", 10));
      log.deleteRecordsBefore(TP, 8);
    }
    try (FileChannel ch = FileChannel.open(segment(dir, 0), StandardOpenOption.WRITE)) {
      ch.truncate(200); // a few records left, all below offset 8
    }
    try (FileLog log = FileLog.open(dir, quiet())) {
      assertEquals(8, log.beginningOffset(TP));
      assertEquals(8, log.endOffset(TP));
      assertTrue(readAll(log, TP, IsolationLevel.READ_COMMITTED).isEmpty());
      assertEquals(8, log.append(TP, records("b", 2)));
    }
    try (FileLog log = FileLog.open(dir, quiet())) {
      assertEquals(List.of("b0", "b1"), readAll(log, TP, IsolationLevel.READ_COMMITTED).stream()
          .map(r -> new String(r.value())).toList());
    }
    TempDirs.delete(dir);
  }

  /**
   * A byte of the transaction journal rots between two opens: only the damaged entry is lost.
   * A torn last entry, which is what a crash leaves, is cut off as before.
   */
  @Test
  void aDamagedJournalEntryCostsThatEntryAlone() throws IOException {
    Path dir = TempDirs.newDir();
    long[] entryEnds = new long[4];
    try (FileLog log = FileLog.open(dir, quiet())) {
      log.createTopic("t", TopicConfig.partitions(1));
      for (int g = 0; g < 4; g++) {
        log.commitOffsets("g" + g, Map.of(TP, 10L + g));
        entryEnds[g] = Files.size(dir.resolve(TxnJournal.FILE_NAME));
      }
    }
    Path journal = dir.resolve(TxnJournal.FILE_NAME);
    try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      long inSecond = entryEnds[1] - 3; // inside the body of g1's entry
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, inSecond);
      b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
      ch.write(b, inSecond);
      ch.truncate(entryEnds[3] - 2); // and the last entry torn
    }
    try (FileLog log = FileLog.open(dir, quiet())) {
      assertEquals(Map.of(TP, 10L), log.committedOffsets("g0", List.of(TP)));
      assertEquals(Map.of(), log.committedOffsets("g1", List.of(TP)), "the damaged entry");
      assertEquals(Map.of(TP, 12L), log.committedOffsets("g2", List.of(TP)), "after it");
      assertEquals(Map.of(), log.committedOffsets("g3", List.of(TP)), "the torn last one");
      log.commitOffsets("g3", Map.of(TP, 20L));
    }
    try (FileLog log = FileLog.open(dir, quiet())) { // the journal was rewritten clean
      assertEquals(Map.of(TP, 12L), log.committedOffsets("g2", List.of(TP)));
      assertEquals(Map.of(TP, 20L), log.committedOffsets("g3", List.of(TP)));
    }
    TempDirs.delete(dir);
  }

  /** The lock file names its holder alone, even over a longer one left by an earlier holder. */
  @Test
  void theLockFileHoldsJustTheHoldersPid() throws IOException {
    Path dir = TempDirs.newDir();
    Files.writeString(dir.resolve(DirLock.FILE_NAME), "123456789012345678901234567890\n");
    try (FileLog log = FileLog.open(dir, quiet())) {
      assertEquals(ProcessHandle.current().pid() + "\n",
          Files.readString(dir.resolve(DirLock.FILE_NAME)));
    }
    TempDirs.delete(dir);
  }

  @Test
  void aFileThatIsNotASegmentIsRefusedNamingIt() throws IOException {
    Path dir = logWithData();
    Path bogus = dir.resolve("topics/t/0/00000000000099999999.log");
    Files.writeString(bogus, "hello, I am a text file and not a segment at all");
    LogStorageException e = assertThrows(LogStorageException.class,
        () -> FileLog.open(dir, quiet()));
    assertTrue(e.getMessage().contains(bogus.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a segment"), e.getMessage());
    TempDirs.delete(dir);
  }

  @Test
  void corruptRecordInASealedSegmentIsNeverReturned() throws IOException {
    Path dir = logWithData();
    Path seg = segment(dir, 0);
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, 100);
      b.put(0, (byte) (b.get(0) ^ 0x5a)).rewind();
      ch.write(b, 100);
    }
    try (FileLog log = FileLog.open(dir, quiet())) {
      LogStorageException e = assertThrows(LogStorageException.class,
          () -> readAll(log, TP, IsolationLevel.READ_UNCOMMITTED));
      assertTrue(e.getMessage().contains(seg.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }
    TempDirs.delete(dir);
  }

  @Test
  void leftoversOfInterruptedWritesAreRemovedOnOpen() throws IOException {
    Path dir = logWithData();
    Path part = dir.resolve("topics/t/0");
    Files.writeString(part.resolve("00000000000000000000.cleaned"), "half a compaction");
    Files.writeString(part.resolve("00000000000000000000.index.tmp"), "half an index");
    Files.createDirectories(dir.resolve("tmp/create-1"));
    List<StoredRecord> before;
    try (FileLog log = FileLog.open(dir, quiet())) {
      before = readAll(log, TP, IsolationLevel.READ_UNCOMMITTED);
    }
    assertEquals(100, before.size());
    assertFalse(Files.exists(part.resolve("00000000000000000000.cleaned")));
    assertFalse(Files.exists(part.resolve("00000000000000000000.index.tmp")));
    assertFalse(Files.exists(dir.resolve("tmp/create-1")));
    TempDirs.delete(dir);
  }
}
