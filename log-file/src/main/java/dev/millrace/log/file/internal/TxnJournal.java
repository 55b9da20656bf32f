package dev.millrace.log.file.internal;

import dev.millrace.log.LogStorageException;
import dev.millrace.log.TopicPartition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction and group-offset journal: producer ids and epochs per transactional id,
 * consumer group offsets, and the commit decisions of transactions (the commit point of a
 * transaction is its durable COMMIT entry). Entry layouts in FORMAT.md.
 *
 * <p>Every change is an entry appended to one file and then applied to the in-memory state by
 * the same code that replays the file on open, so the state after a restart is exactly the state
 * the entries describe. The file is rewritten as a snapshot (temp file + atomic rename) on open
 * and when it grows large.
 */
final class TxnJournal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TxnJournal.class);
  static final String FILE_NAME = "txn-state.journal";
  static final int MAGIC = 0x4D52544A; // "MRTJ"
  static final short VERSION = 1;
  private static final int FILE_HEADER = 6;
  private static final long SNAPSHOT_THRESHOLD = 8L << 20;

  private static final byte PRODUCER = 1;
  private static final byte COMMIT = 2;
  private static final byte GROUP_OFFSETS = 3;
  private static final byte TOPIC_DELETED = 4;

  /** A transactional id's producer id and current epoch. */
  record Producer(long producerId, int epoch) {}

  private final Path file;
  private final ChannelFactory channels;
  private final boolean readOnly;
  private FileChannel channel;
  private long size;
  private Object fileKey;

  private final Map<String, Producer> producers = new HashMap<>();
  private final Map<String, Map<TopicPartition, Long>> groups = new HashMap<>();
  /**
   * Commit decisions, per producer id: partition to the first offset of its latest committed
   * transaction there. Recovery commits an open transaction only if it matches an entry; older
   * entries of the same partition are superseded, so the map stays as small as the set of
   * (producer, partition) pairs, and is kept across snapshots because a marker written before a
   * crash may not be durable.
   */
  private final Map<Long, Map<TopicPartition, Long>> pendingCommits = new HashMap<>();
  private long nextProducerId;

  private TxnJournal(Path file, ChannelFactory channels, boolean readOnly) {
    this.file = file;
    this.channels = channels;
    this.readOnly = readOnly;
  }

  static TxnJournal open(Path dir, ChannelFactory channels, boolean readOnly) {
    TxnJournal j = new TxnJournal(dir.resolve(FILE_NAME), channels, readOnly);
    try {
      if (!Files.exists(j.file)) {
        if (readOnly) {
          return j;
        }
        ByteBuffer h = ByteBuffer.allocate(FILE_HEADER).putInt(MAGIC).putShort(VERSION).flip();
        SafeFiles.writeAtomically(j.file, h);
      }
      j.openChannel();
      j.replayFrom(FILE_HEADER);
      return j;
    } catch (IOException e) {
      j.close();
      throw new LogStorageException("cannot open the transaction journal " + j.file + ": " + e,
          e);
    }
  }

  private void openChannel() throws IOException {
    channel = readOnly ? channels.open(file, StandardOpenOption.READ)
        : channels.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    ByteBuffer h = ByteBuffer.allocate(FILE_HEADER);
    if (!SafeFiles.readFully(channel, h, 0) || h.getInt(0) != MAGIC) {
      throw new LogStorageException("file " + file + " is not a Millrace transaction journal");
    }
    if (h.getShort(4) != VERSION) {
      throw new LogStorageException("transaction journal " + file + " has format version "
          + h.getShort(4) + "; this release reads version " + VERSION);
    }
  }

  /** Replays entries from {@code from}; in a writer, truncates a torn or corrupt tail. */
  private void replayFrom(long from) throws IOException {
    long fileSize = channel.size();
    long pos = from;
    String problem = null;
    while (pos < fileSize) {
      EntryRead e = readEntry(pos, fileSize);
      if (e.problem() != null) {
        if (e.crcMismatch() && !readOnly
            && readEntry(pos + 8 + e.length(), fileSize).problem() == null) {
          // Entries are appended in order and each sync covers all before it, so a crash
          // leaves only a torn *tail*: an intact entry after a damaged one means the disk
          // damaged it later. Lose that entry alone, not every one after it.
          LOG.warn("Skipping a damaged entry of {} at position {} ({} bytes, CRC mismatch): the "
              + "epoch, offsets or commit decision it recorded are lost", file, pos,
              e.length() + 8);
          pos += 8 + e.length();
          continue;
        }
        problem = e.problem();
        break;
      }
      apply(e.body());
      pos += 8 + e.length();
    }
    if (problem != null && !readOnly) {
      LOG.info("Truncating {} at position {} ({} bytes dropped): {}", file, pos, fileSize - pos,
          problem);
      channel.truncate(pos);
      channel.force(true);
    }
    size = pos;
  }

  /**
   * What {@link #readEntry} found at a position: the entry's body (ready to apply) and length,
   * or why no intact entry is there; with a CRC mismatch the length is the one the frame gives.
   */
  private record EntryRead(ByteBuffer body, int length, String problem) {
    boolean crcMismatch() {
      return body == null && length >= 0;
    }
  }

  private EntryRead readEntry(long pos, long fileSize) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(8);
    if (fileSize - pos < 8 || !SafeFiles.readFully(channel, head, pos)) {
      return new EntryRead(null, -1, "incomplete entry header");
    }
    int len = head.getInt(0);
    if (len < 1 || len > fileSize - pos - 8) {
      return new EntryRead(null, -1, "entry length " + len + " out of range");
    }
    ByteBuffer body = ByteBuffer.allocate(len);
    SafeFiles.readFully(channel, body, pos + 8);
    if (Crc.of(body, 0, len) != head.getInt(4)) {
      return new EntryRead(null, len, "CRC mismatch");
    }
    return new EntryRead(body.flip(), len, null);
  }

  private void apply(ByteBuffer b) {
    byte type = b.get();
    switch (type) {
      case PRODUCER -> {
        String id = getString(b);
        long pid = b.getLong();
        int epoch = b.getInt();
        producers.put(id, new Producer(pid, epoch));
        nextProducerId = Math.max(nextProducerId, pid + 1);
      }
      case COMMIT -> {
        long pid = b.getLong();
        b.getInt(); // epoch, for inspection
        int parts = b.getInt();
        // Merged, not replaced: an earlier commit's marker in another partition may still be
        // unsynced. Per partition the latest first offset wins: its marker follows the older ones.
        Map<TopicPartition, Long> firsts =
            pendingCommits.computeIfAbsent(pid, k -> new HashMap<>());
        for (int i = 0; i < parts; i++) {
          firsts.put(getPartition(b), b.getLong());
        }
        int groupCount = b.getInt();
        for (int g = 0; g < groupCount; g++) {
          applyOffsets(getString(b), b);
        }
      }
      case GROUP_OFFSETS -> applyOffsets(getString(b), b);
      case TOPIC_DELETED -> {
        String topic = getString(b);
        for (Map<TopicPartition, Long> offsets : groups.values()) {
          offsets.keySet().removeIf(tp -> tp.topic().equals(topic));
        }
        for (Map<TopicPartition, Long> firsts : pendingCommits.values()) {
          firsts.keySet().removeIf(tp -> tp.topic().equals(topic)); // a new topic reuses offsets
        }
      }
      default -> throw new LogStorageException("transaction journal " + file
          + " holds an entry of unknown type " + type);
    }
  }

  private void applyOffsets(String group, ByteBuffer b) {
    int n = b.getInt();
    Map<TopicPartition, Long> offsets = groups.computeIfAbsent(group, g -> new HashMap<>());
    for (int i = 0; i < n; i++) {
      offsets.put(getPartition(b), b.getLong());
    }
  }

  // ------------------------------------------------------------------ encoding

  private static final class Entry {
    private ByteBuffer b = ByteBuffer.allocate(256).position(8);

    Entry(byte type) {
      b.put(type);
    }

    private void ensure(int n) {
      if (b.remaining() < n) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + n));
        b.flip();
        bigger.put(b);
        b = bigger;
      }
    }

    Entry putLong(long v) {
      ensure(8);
      b.putLong(v);
      return this;
    }

    Entry putInt(int v) {
      ensure(4);
      b.putInt(v);
      return this;
    }

    Entry putString(String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      ensure(4 + bytes.length);
      b.putInt(bytes.length).put(bytes);
      return this;
    }

    Entry putPartition(TopicPartition tp) {
      return putString(tp.topic()).putInt(tp.partition());
    }

    Entry putOffsets(Map<TopicPartition, Long> offsets) {
      putInt(offsets.size());
      for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
        putPartition(e.getKey()).putLong(e.getValue());
      }
      return this;
    }

    ByteBuffer framed() {
      int end = b.position();
      b.putInt(0, end - 8);
      b.putInt(4, Crc.of(b, 8, end));
      b.flip();
      return b;
    }
  }

  private static String getString(ByteBuffer b) {
    byte[] bytes = new byte[b.getInt()];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static TopicPartition getPartition(ByteBuffer b) {
    return new TopicPartition(getString(b), b.getInt());
  }

  /** Appends an entry, then applies it; on a write error nothing is kept and nothing applied. */
  private void append(Entry e, boolean sync) {
    ByteBuffer framed = e.framed();
    ByteBuffer body = framed.duplicate().position(8);
    try {
      SafeFiles.writeFully(channel, framed, size);
    } catch (IOException ex) {
      try {
        channel.truncate(size);
      } catch (IOException again) {
        ex.addSuppressed(again);
      }
      throw new LogStorageException("cannot write the transaction journal " + file
          + " at position " + size + ": " + ex.getMessage(), ex);
    }
    long before = size;
    size += framed.limit();
    if (sync) {
      try {
        channel.force(false);
      } catch (IOException ex) {
        // The entry's fate on disk is unknown: take it back so a restart cannot resurrect it.
        try {
          channel.truncate(before);
          channel.force(false);
          size = before;
        } catch (IOException again) {
          ex.addSuppressed(again);
          size = before;
        }
        throw new LogStorageException("fsync of the transaction journal " + file + " failed: "
            + ex.getMessage(), ex);
      }
    }
    apply(body);
  }

  private void force() {
    try {
      channel.force(false);
    } catch (IOException ex) {
      throw new LogStorageException("fsync of the transaction journal " + file + " failed: "
          + ex.getMessage(), ex);
    }
  }

  // ------------------------------------------------------------------ operations

  synchronized Producer producer(String transactionalId) {
    return producers.get(transactionalId);
  }

  /** Starts a new epoch for the id, durably; a fresh producer id when the epoch would overflow. */
  synchronized Producer bumpEpoch(String transactionalId) {
    Producer old = producers.get(transactionalId);
    Producer next = old == null || old.epoch() >= Short.MAX_VALUE
        ? new Producer(nextProducerId, 0)
        : new Producer(old.producerId(), old.epoch() + 1);
    append(new Entry(PRODUCER).putString(transactionalId).putLong(next.producerId())
        .putInt(next.epoch()), true);
    return next;
  }

  /** The commit point of a transaction: records its partitions and group offsets. */
  synchronized void commit(long producerId, int epoch, Map<TopicPartition, Long> firstOffsets,
      Map<String, Map<TopicPartition, Long>> offsets, boolean sync) {
    Entry e = new Entry(COMMIT).putLong(producerId).putInt(epoch).putOffsets(firstOffsets);
    e.putInt(offsets.size());
    for (Map.Entry<String, Map<TopicPartition, Long>> g : offsets.entrySet()) {
      e.putString(g.getKey()).putOffsets(g.getValue());
    }
    append(e, sync);
    maybeSnapshot();
  }

  /** Whether the open transaction of {@code producerId} starting at {@code first} committed. */
  synchronized boolean isCommitted(long producerId, TopicPartition tp, long first) {
    Map<TopicPartition, Long> firsts = pendingCommits.get(producerId);
    return firsts != null && Objects.equals(firsts.get(tp), first);
  }

  synchronized void commitOffsets(String group, Map<TopicPartition, Long> offsets, boolean sync) {
    append(new Entry(GROUP_OFFSETS).putString(group).putOffsets(offsets), sync);
    maybeSnapshot();
  }

  synchronized void topicDeleted(String topic) {
    append(new Entry(TOPIC_DELETED).putString(topic), false);
  }

  synchronized Map<TopicPartition, Long> committedOffsets(String group,
      Collection<TopicPartition> partitions) {
    refresh();
    Map<TopicPartition, Long> offsets = groups.get(group);
    Map<TopicPartition, Long> out = new LinkedHashMap<>();
    if (offsets != null) {
      for (TopicPartition tp : partitions) {
        Long o = offsets.get(tp);
        if (o != null) {
          out.put(tp, o);
        }
      }
    }
    return out;
  }

  synchronized void sync() {
    if (!readOnly && channel != null) {
      force();
    }
  }

  /**
   * Compacts the journal once it is large. Runs after an entry is already durable and applied,
   * so a failure here must not fail that call: it is logged and retried after the next entry.
   */
  private void maybeSnapshot() {
    if (size > SNAPSHOT_THRESHOLD) {
      try {
        snapshot(tp -> true);
      } catch (LogStorageException e) {
        LOG.warn("Could not compact the transaction journal {}; will retry: {}", file,
            e.getMessage());
      }
    }
  }

  /**
   * Rewrites the journal as the entries that rebuild the current state, keeping only group
   * offsets and commit decisions of partitions that {@code exists}; temp file, fsync, atomic
   * rename.
   */
  synchronized void snapshot(Predicate<TopicPartition> exists) {
    try {
      Path tmp = file.resolveSibling(FILE_NAME + ".snapshot");
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        long pos = 0;
        ByteBuffer h = ByteBuffer.allocate(FILE_HEADER).putInt(MAGIC).putShort(VERSION).flip();
        SafeFiles.writeFully(out, h, pos);
        pos += FILE_HEADER;
        for (Map.Entry<String, Producer> p : producers.entrySet()) {
          ByteBuffer b = new Entry(PRODUCER).putString(p.getKey())
              .putLong(p.getValue().producerId()).putInt(p.getValue().epoch()).framed();
          pos += write(out, b, pos);
        }
        for (Map.Entry<String, Map<TopicPartition, Long>> g : groups.entrySet()) {
          Map<TopicPartition, Long> kept = new HashMap<>(g.getValue());
          kept.keySet().removeIf(exists.negate());
          if (!kept.isEmpty()) {
            pos += write(out, new Entry(GROUP_OFFSETS).putString(g.getKey()).putOffsets(kept)
                .framed(), pos);
          }
        }
        for (Map.Entry<Long, Map<TopicPartition, Long>> c : pendingCommits.entrySet()) {
          Map<TopicPartition, Long> kept = new HashMap<>(c.getValue());
          kept.keySet().removeIf(exists.negate());
          if (!kept.isEmpty()) {
            pos += write(out, new Entry(COMMIT).putLong(c.getKey()).putInt(-1).putOffsets(kept)
                .putInt(0).framed(), pos);
          }
        }
        out.force(true);
      } catch (IOException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
      channel.close();
      try {
        SafeFiles.moveAtomically(tmp, file);
      } catch (IOException e) {
        openChannel(); // old or new journal, both complete and describing the same state
        size = channel.size();
        throw e;
      }
      producers.clear();
      groups.clear();
      pendingCommits.clear();
      openChannel();
      replayFrom(FILE_HEADER);
    } catch (IOException e) {
      throw new LogStorageException("cannot rewrite the transaction journal " + file + ": "
          + e.getMessage(), e);
    }
  }

  private static int write(FileChannel out, ByteBuffer b, long pos) throws IOException {
    int n = b.remaining();
    SafeFiles.writeFully(out, b, pos);
    return n;
  }

  /** Read-only: picks up entries the writer process appended, or its rewritten file. */
  private void refresh() {
    if (!readOnly) {
      return;
    }
    try {
      if (!Files.exists(file)) {
        return;
      }
      Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      if (channel == null || !Objects.equals(key, fileKey)) {
        if (channel != null) {
          channel.close();
        }
        producers.clear();
        groups.clear();
        pendingCommits.clear();
        openChannel();
        replayFrom(FILE_HEADER);
      } else if (channel.size() > size) {
        replayFrom(size);
      }
    } catch (IOException e) {
      throw new LogStorageException("cannot follow the transaction journal " + file + ": " + e,
          e);
    }
  }

  synchronized Set<String> transactionalIds() {
    return Set.copyOf(producers.keySet());
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.warn("closing {} failed: {}", file, e.toString());
      }
      channel = null;
    }
  }
}
