package dev.millrace.log.file.internal;

import dev.millrace.log.CleanupPolicy;
import dev.millrace.log.LogStorageException;
import dev.millrace.log.TopicConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The {@code topic.meta} file: a topic's configuration, replaced atomically. */
final class TopicMeta {
  static final String FILE_NAME = "topic.meta";
  static final int MAGIC = 0x4D525450; // "MRTP"
  static final short VERSION = 1;
  private static final int SIZE = 4 + 2 + 4 + 1 + 8 + 8 + 8 + 4 + 8 + 4;

  private TopicMeta() {}

  static void write(Path topicDir, TopicConfig c) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    b.putInt(MAGIC).putShort(VERSION).putInt(c.partitions())
        .put((byte) (c.cleanupPolicy() == CleanupPolicy.COMPACT ? 1 : 0))
        .putLong(c.retentionMs()).putLong(c.retentionBytes()).putLong(c.deleteRetentionMs())
        .putInt(c.segmentBytes()).putLong(c.segmentMs());
    b.putInt(Crc.of(b, 0, b.position())).flip();
    SafeFiles.writeAtomically(topicDir.resolve(FILE_NAME), b);
  }

  static TopicConfig read(Path topicDir) throws IOException {
    Path f = topicDir.resolve(FILE_NAME);
    if (!Files.exists(f)) {
      throw new LogStorageException("topic directory " + topicDir + " has no " + FILE_NAME);
    }
    ByteBuffer b = SafeFiles.readAll(f);
    if (b.limit() < 6 || b.getInt(0) != MAGIC) {
      throw new LogStorageException("file " + f + " is not a topic metadata file");
    }
    if (b.getShort(4) != VERSION) {
      throw new LogStorageException("topic metadata " + f + " has format version "
          + b.getShort(4) + "; this release reads version " + VERSION);
    }
    if (b.limit() != SIZE || b.getInt(SIZE - 4) != Crc.of(b, 0, SIZE - 4)) {
      throw new LogStorageException("topic metadata " + f + " is corrupt (size or CRC)");
    }
    b.position(6);
    TopicConfig c = TopicConfig.partitions(b.getInt())
        .withCleanupPolicy(b.get() == 1 ? CleanupPolicy.COMPACT : CleanupPolicy.DELETE);
    long retentionMs = b.getLong();
    long retentionBytes = b.getLong();
    if (retentionMs != TopicConfig.UNLIMITED) {
      c = c.withRetention(Duration.ofMillis(retentionMs));
    }
    if (retentionBytes != TopicConfig.UNLIMITED) {
      c = c.withRetentionBytes(retentionBytes);
    }
    return c.withDeleteRetention(Duration.ofMillis(b.getLong()))
        .withSegmentBytes(b.getInt())
        .withSegmentAge(Duration.ofMillis(b.getLong()));
  }
}
