package dev.millrace.log.file.internal;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.LogClosedException;
import dev.millrace.log.LogRecord;
import dev.millrace.log.LogStorageException;
import dev.millrace.log.ReadOnlyLogException;
import dev.millrace.log.ReadResult;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicDescription;
import dev.millrace.log.TopicExistsException;
import dev.millrace.log.TopicNames;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import dev.millrace.log.UnknownTopicOrPartitionException;
import dev.millrace.log.file.FileLog;
import dev.millrace.log.file.FileLogConfig;
import dev.millrace.log.file.internal.Segment.OpenTxn;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file log: topics and partitions under one directory, the transaction journal, the writer
 * lock, the background cleaner and syncer, and the flusher of sealed segments. Layout in
 * FORMAT.md.
 */
public final class FileLogEngine implements FileLog {
  private static final Logger LOG = LoggerFactory.getLogger(FileLogEngine.class);
  static final String META_FILE = "millrace-log.meta";
  static final int META_MAGIC = 0x4D524C44; // "MRLD"
  /** Version of the whole directory layout; each file kind also carries its own version. */
  public static final short FORMAT_VERSION = 1;
  static final String TOPICS_DIR = "topics";
  static final String TMP_DIR = "tmp";

  private final Path dir;
  private final FileLogConfig config;
  private final ChannelFactory channels;
  private final boolean readOnly;
  private final DirLock lock;
  private TxnJournal journal;
  private final Map<String, TopicHandle> topics = new ConcurrentHashMap<>();
  private final ReentrantLock adminLock = new ReentrantLock();
  private final Map<String, FileTransactionalWriter.Slot> slots = new ConcurrentHashMap<>();
  private final Object readable = new Object();
  private final AtomicInteger waiters = new AtomicInteger();
  private long readableVersion;
  private ScheduledExecutorService background;
  /** Flushes sealed segments; the engine's own thread unless a test supplied one. */
  private Executor flusher;
  private ExecutorService ownFlusher;
  private volatile boolean closed;
  private volatile long lastTopicScan;

  /** A topic's configuration and its partitions. */
  record TopicHandle(TopicConfig config, PartitionLog[] partitions) {}

  private FileLogEngine(Path dir, FileLogConfig config, ChannelFactory channels, boolean readOnly,
      DirLock lock) {
    this.dir = dir;
    this.config = config;
    this.channels = channels;
    this.readOnly = readOnly;
    this.lock = lock;
  }

  /** Opens a log; see {@link FileLog#open}. */
  public static FileLogEngine open(Path directory, FileLogConfig config, boolean readOnly) {
    return open(directory, config, readOnly, ChannelFactory.DEFAULT);
  }

  /** Opens a log whose segment and journal channels come from {@code channels} (fault tests). */
  public static FileLogEngine open(Path directory, FileLogConfig config, boolean readOnly,
      ChannelFactory channels) {
    return open(directory, config, readOnly, channels, null);
  }

  /**
   * Opens a log whose sealed segments are flushed by {@code flusher} (crash tests hold flushes
   * back with it); null gives the log its own flusher thread.
   */
  static FileLogEngine open(Path directory, FileLogConfig config, boolean readOnly,
      ChannelFactory channels, Executor flusher) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(config, "config");
    Path dir = directory.toAbsolutePath().normalize();
    DirLock lock = null;
    FileLogEngine log = null;
    try {
      if (readOnly) {
        if (!Files.exists(dir.resolve(META_FILE))) {
          throw new LogStorageException("no Millrace log in " + dir + " (missing " + META_FILE
              + "); a read-only open needs an existing log");
        }
      } else {
        Files.createDirectories(dir);
        lock = DirLock.acquire(dir);
      }
      checkOrWriteMeta(dir, readOnly);
      log = new FileLogEngine(dir, config, channels, readOnly, lock);
      log.flusher = flusher;
      log.load();
      return log;
    } catch (IOException e) {
      closeQuietly(log, lock);
      throw new LogStorageException("cannot open log directory " + dir + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(log, lock);
      throw e;
    }
  }

  private static void closeQuietly(FileLogEngine log, DirLock lock) {
    if (log != null) {
      log.close();
    } else if (lock != null) {
      lock.close();
    }
  }

  private static void checkOrWriteMeta(Path dir, boolean readOnly) throws IOException {
    Path meta = dir.resolve(META_FILE);
    if (!Files.exists(meta)) {
      ByteBuffer b = ByteBuffer.allocate(10).putInt(META_MAGIC).putShort(FORMAT_VERSION);
      b.putInt(Crc.of(b, 0, 6)).flip();
      SafeFiles.writeAtomically(meta, b);
      return;
    }
    ByteBuffer b = SafeFiles.readAll(meta);
    if (b.limit() < 6 || b.getInt(0) != META_MAGIC) {
      throw new LogStorageException("file " + meta + " is not a Millrace log metadata file");
    }
    if (b.getShort(4) != FORMAT_VERSION) { // checked first: a later version may differ in layout
      throw new LogStorageException("log directory " + dir + " has format version "
          + b.getShort(4) + " (" + meta + "); this release reads version " + FORMAT_VERSION);
    }
    if (b.limit() != 10 || b.getInt(6) != Crc.of(b, 0, 6)) {
      throw new LogStorageException("log metadata file " + meta + " is corrupt (size or CRC)");
    }
  }

  private void load() throws IOException {
    if (!readOnly) {
      Files.createDirectories(dir.resolve(TOPICS_DIR));
      SafeFiles.deleteRecursively(dir.resolve(TMP_DIR)); // created again when a topic needs it
    }
    journal = TxnJournal.open(dir, channels, readOnly);
    if (!readOnly && flusher == null) {
      ownFlusher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "millrace-file-log-flusher " + dir.getFileName());
        t.setDaemon(true);
        return t;
      });
      flusher = ownFlusher;
    }
    scanTopics();
    if (!readOnly) {
      resolveOpenTransactions();
      try {
        journal.snapshot(tp -> {
          TopicHandle h = topics.get(tp.topic());
          return h != null && tp.partition() < h.partitions().length;
        });
      } catch (LogStorageException e) { // the journal as it is stays complete and in use
        LOG.warn("Could not compact the transaction journal of {} on open: {}", dir,
            e.getMessage());
      }
      startBackground();
    }
  }

  /** Loads topics found on disk that are not loaded yet, and forgets vanished ones. */
  private void scanTopics() throws IOException {
    Path topicsDir = dir.resolve(TOPICS_DIR);
    if (!Files.isDirectory(topicsDir)) {
      return;
    }
    Set<String> seen = new TreeSet<>();
    try (Stream<Path> list = Files.list(topicsDir)) {
      for (Path t : (Iterable<Path>) list::iterator) {
        String name = t.getFileName().toString();
        seen.add(name);
        if (!topics.containsKey(name) && Files.isDirectory(t)) {
          TopicConfig c = TopicMeta.read(t);
          topics.put(name, openTopic(name, t, c));
        }
      }
    }
    if (readOnly) {
      for (String name : new ArrayList<>(topics.keySet())) {
        if (!seen.contains(name)) {
          TopicHandle h = topics.remove(name);
          for (PartitionLog p : h.partitions()) {
            p.close(false);
          }
        }
      }
    }
    lastTopicScan = System.nanoTime();
  }

  private TopicHandle openTopic(String name, Path topicDir, TopicConfig c) {
    PartitionLog[] parts = new PartitionLog[c.partitions()];
    try {
      for (int i = 0; i < parts.length; i++) {
        parts[i] = PartitionLog.open(new TopicPartition(name, i), topicDir.resolve(
            Integer.toString(i)), c, config, channels, readOnly ? null : flusher,
            this::signalAll);
      }
    } catch (RuntimeException e) {
      for (PartitionLog p : parts) {
        if (p != null) {
          p.close(false);
        }
      }
      throw e;
    }
    return new TopicHandle(c, parts);
  }

  /** After a crash: commit what the journal says committed, abort every other open transaction. */
  private void resolveOpenTransactions() {
    for (TopicHandle h : topics.values()) {
      for (PartitionLog p : h.partitions()) {
        for (OpenTxn t : p.openTransactions().values()) {
          boolean commit = journal.isCommitted(t.producerId(), p.tp, t.firstOffset());
          LOG.info("{} transaction of producer {} left open in {} from offset {}",
              commit ? "Completing committed" : "Aborting", t.producerId(), p.tp,
              t.firstOffset());
          p.writeMarker(t.producerId(), t.epoch(), commit);
        }
        p.sync();
      }
    }
  }

  private void startBackground() {
    long cleanMs = config.cleanerInterval().toMillis();
    long syncMs = config.syncInterval().toMillis();
    if (cleanMs == 0 && syncMs == 0) {
      return;
    }
    background = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "millrace-file-log " + dir.getFileName());
      t.setDaemon(true);
      return t;
    });
    if (cleanMs > 0) {
      background.scheduleWithFixedDelay(this::cleanQuietly, cleanMs, cleanMs,
          TimeUnit.MILLISECONDS);
    }
    if (syncMs > 0) {
      background.scheduleWithFixedDelay(this::syncQuietly, syncMs, syncMs, TimeUnit.MILLISECONDS);
    }
  }

  private void cleanQuietly() {
    try {
      runCleaner();
    } catch (Throwable e) { // an escaping throwable would cancel every later run
      LOG.warn("Log cleaner of {} failed; will retry: {}", dir, e.toString(), e);
    }
  }

  private void syncQuietly() {
    for (TopicHandle h : topics.values()) {
      for (PartitionLog p : h.partitions()) {
        try {
          if (p.unsyncedBytes() > 0) {
            p.sync();
          }
        } catch (RuntimeException e) {
          LOG.warn("Periodic fsync of {} failed: {}", p.tp, e.toString());
        }
      }
    }
  }

  /**
   * One pass of retention ({@code delete} topics) and compaction ({@code compact} topics) over
   * every partition; the background cleaner calls this, tests call it directly.
   */
  public void runCleaner() throws IOException {
    checkOpen();
    long now = config.clock().millis();
    for (TopicHandle h : topics.values()) {
      for (PartitionLog p : h.partitions()) {
        if (p.isClosed()) {
          continue;
        }
        if (h.config().cleanupPolicy() == dev.millrace.log.CleanupPolicy.COMPACT) {
          Compactor.compact(p, now);
        } else {
          p.applyRetention(now);
        }
      }
    }
  }

  // ================================================================== plumbing

  FileLogConfig config() {
    return config;
  }

  /** The partition's log, for tests in this package that drive the cleaner step by step. */
  PartitionLog partitionLog(TopicPartition tp) {
    return partition(tp);
  }

  TxnJournal journal() {
    return journal;
  }

  void checkOpen() {
    if (closed) {
      throw new LogClosedException("the file log in " + dir + " is closed");
    }
  }

  boolean isClosed() {
    return closed;
  }

  private void checkWritable(String what) {
    checkOpen();
    if (readOnly) {
      throw new ReadOnlyLogException("cannot " + what + ": the log in " + dir
          + " was opened read-only");
    }
  }

  PartitionLog partition(TopicPartition tp) {
    Objects.requireNonNull(tp, "partition");
    TopicHandle h = topic(tp.topic(), "partition " + tp);
    if (tp.partition() >= h.partitions().length) {
      throw new UnknownTopicOrPartitionException("topic '" + tp.topic() + "' has "
          + h.partitions().length + " partitions; there is no partition " + tp);
    }
    return h.partitions()[tp.partition()];
  }

  private TopicHandle topic(String name) {
    return topic(name, "topic '" + name + "'");
  }

  private TopicHandle topic(String name, String what) {
    Objects.requireNonNull(name, "topic");
    TopicHandle h = topics.get(name);
    if (h == null && readOnly) {
      rescanTopics();
      h = topics.get(name);
    }
    if (h == null) {
      throw new UnknownTopicOrPartitionException("unknown " + what + ": no topic '" + name
          + "' in " + dir);
    }
    return h;
  }

  private void rescanTopics() {
    adminLock.lock();
    try {
      scanTopics();
    } catch (IOException e) {
      throw new LogStorageException("cannot list topics in " + dir + ": " + e, e);
    } finally {
      adminLock.unlock();
    }
  }

  void signalAll() {
    if (waiters.get() > 0) {
      synchronized (readable) {
        readableVersion++;
        readable.notifyAll();
      }
    }
  }

  static void validateOffsets(String groupId, Map<TopicPartition, Long> offsets) {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(offsets, "offsets");
    if (groupId.isEmpty()) {
      throw new IllegalArgumentException("groupId must not be empty");
    }
    for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
      Objects.requireNonNull(e.getKey(), "offsets key");
      if (e.getValue() == null || e.getValue() < 0) {
        throw new IllegalArgumentException("offset for " + e.getKey() + " must be >= 0, got "
            + e.getValue() + " (group '" + groupId + "')");
      }
    }
  }

  // ================================================================== Log: topics

  @Override
  public Path directory() {
    return dir;
  }

  @Override
  public void createTopic(String topic, TopicConfig topicConfig) {
    TopicNames.validate(topic);
    Objects.requireNonNull(topicConfig, "config");
    checkWritable("create topic '" + topic + "'");
    adminLock.lock();
    try {
      checkOpen();
      if (topics.containsKey(topic)) {
        throw new TopicExistsException("topic '" + topic + "' already exists in " + dir);
      }
      Path staging = dir.resolve(TMP_DIR).resolve("create-" + System.nanoTime());
      Files.createDirectories(staging);
      TopicMeta.write(staging, topicConfig);
      Path target = dir.resolve(TOPICS_DIR).resolve(topic);
      SafeFiles.moveAtomically(staging, target);
      topics.put(topic, openTopic(topic, target, topicConfig));
    } catch (IOException e) {
      throw new LogStorageException("cannot create topic '" + topic + "' in " + dir + ": " + e,
          e);
    } finally {
      adminLock.unlock();
    }
  }

  @Override
  public TopicDescription describeTopic(String topic) {
    checkOpen();
    return new TopicDescription(topic, topic(topic).config());
  }

  @Override
  public Set<String> listTopics() {
    checkOpen();
    if (readOnly && System.nanoTime() - lastTopicScan > 50_000_000L) {
      rescanTopics();
    }
    return Collections.unmodifiableSet(new TreeSet<>(topics.keySet()));
  }

  @Override
  public void deleteTopic(String topic) {
    Objects.requireNonNull(topic, "topic");
    checkWritable("delete topic '" + topic + "'");
    adminLock.lock();
    try {
      checkOpen();
      TopicHandle h = topics.get(topic);
      if (h == null) {
        throw new UnknownTopicOrPartitionException("unknown topic '" + topic + "' in " + dir);
      }
      Path trash = dir.resolve(TMP_DIR).resolve("delete-" + System.nanoTime());
      Files.createDirectories(trash.getParent());
      SafeFiles.moveAtomically(dir.resolve(TOPICS_DIR).resolve(topic), trash);
      topics.remove(topic);
      for (PartitionLog p : h.partitions()) {
        p.close(false); // its files are going: nothing to flush
      }
      journal.topicDeleted(topic);
      SafeFiles.deleteRecursively(trash);
      signalAll();
    } catch (IOException e) {
      throw new LogStorageException("cannot delete topic '" + topic + "' in " + dir + ": " + e,
          e);
    } finally {
      adminLock.unlock();
    }
  }

  // ================================================================== Log: records

  @Override
  public long append(TopicPartition partition, List<LogRecord> records) {
    Objects.requireNonNull(records, "records");
    checkWritable("append to " + partition);
    PartitionLog p = partition(partition);
    if (records.isEmpty()) {
      throw new IllegalArgumentException("records must not be empty (appending to " + partition
          + ")");
    }
    long base = p.append(records, (short) 0, Batch.NO_PRODUCER, Batch.NO_EPOCH);
    signalAll();
    return base;
  }

  @Override
  public ReadResult read(TopicPartition partition, long offset, int maxRecords, int maxBytes,
      IsolationLevel isolation) {
    Objects.requireNonNull(isolation, "isolation");
    checkOpen();
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset + " for "
          + partition);
    }
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be >= 1, got " + maxRecords);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
    }
    return partition(partition).read(offset, maxRecords, maxBytes, isolation);
  }

  @Override
  public boolean awaitReadable(Map<TopicPartition, Long> positions, IsolationLevel isolation,
      Duration timeout) {
    Objects.requireNonNull(positions, "positions");
    Objects.requireNonNull(isolation, "isolation");
    Objects.requireNonNull(timeout, "timeout");
    if (positions.isEmpty()) {
      throw new IllegalArgumentException("positions must not be empty");
    }
    checkOpen();
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    waiters.incrementAndGet();
    try {
      while (true) {
        long version;
        synchronized (readable) {
          version = readableVersion;
        }
        for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
          PartitionLog p = partition(e.getKey());
          long visible = isolation == IsolationLevel.READ_COMMITTED ? p.lastStableOffset()
              : p.endOffset();
          if (visible > e.getValue()) {
            return true;
          }
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0 || Thread.currentThread().isInterrupted()) {
          return false;
        }
        checkOpen();
        synchronized (readable) {
          long waitNanos = readOnly ? Math.min(remaining, 10_000_000L) : remaining;
          while (readableVersion == version && waitNanos > 0) {
            long t0 = System.nanoTime();
            TimeUnit.NANOSECONDS.timedWait(readable, waitNanos);
            waitNanos -= System.nanoTime() - t0;
            if (closed) {
              break;
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      waiters.decrementAndGet();
    }
  }

  @Override
  public long beginningOffset(TopicPartition partition) {
    checkOpen();
    return partition(partition).startOffset();
  }

  @Override
  public long endOffset(TopicPartition partition) {
    checkOpen();
    return partition(partition).endOffset();
  }

  @Override
  public long lastStableOffset(TopicPartition partition) {
    checkOpen();
    return partition(partition).lastStableOffset();
  }

  @Override
  public OptionalLong offsetForTimestamp(TopicPartition partition, long timestamp,
      IsolationLevel isolation) {
    Objects.requireNonNull(isolation, "isolation");
    checkOpen();
    if (timestamp < 0) {
      throw new IllegalArgumentException("timestamp must be >= 0, got " + timestamp);
    }
    return partition(partition).offsetForTimestamp(timestamp, isolation);
  }

  @Override
  public void deleteRecordsBefore(TopicPartition partition, long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset + " for "
          + partition);
    }
    checkWritable("delete records of " + partition);
    partition(partition).deleteRecordsBefore(offset);
  }

  @Override
  public void flush() {
    checkOpen();
    if (readOnly) {
      return;
    }
    for (TopicHandle h : topics.values()) {
      for (PartitionLog p : h.partitions()) {
        p.sync();
      }
    }
    journal.sync();
  }

  // ================================================================== Log: groups

  @Override
  public void commitOffsets(String groupId, Map<TopicPartition, Long> offsets) {
    validateOffsets(groupId, offsets);
    checkWritable("commit offsets of group '" + groupId + "'");
    for (TopicPartition tp : offsets.keySet()) {
      partition(tp);
    }
    journal.commitOffsets(groupId, offsets, config.syncOnCommit());
  }

  @Override
  public Map<TopicPartition, Long> committedOffsets(String groupId,
      Collection<TopicPartition> partitions) {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(partitions, "partitions");
    if (groupId.isEmpty()) {
      throw new IllegalArgumentException("groupId must not be empty");
    }
    checkOpen();
    return journal.committedOffsets(groupId, partitions);
  }

  // ================================================================== Log: transactions

  @Override
  public TransactionalWriter initTransactions(String transactionalId) {
    Objects.requireNonNull(transactionalId, "transactionalId");
    if (transactionalId.isEmpty()) {
      throw new IllegalArgumentException("transactionalId must not be empty");
    }
    checkWritable("init transactions for '" + transactionalId + "'");
    FileTransactionalWriter.Slot slot =
        slots.computeIfAbsent(transactionalId, id -> new FileTransactionalWriter.Slot());
    slot.lock.lock();
    try {
      checkOpen();
      TxnJournal.Producer p = journal.bumpEpoch(transactionalId);
      FileTransactionalWriter previous = slot.current;
      if (previous != null) {
        previous.fence();
        if (previous.producerId() != p.producerId()) {
          LOG.debug("transactional id '{}' moved to producer id {}", transactionalId,
              p.producerId());
        }
      }
      FileTransactionalWriter w =
          new FileTransactionalWriter(this, slot, transactionalId, p.producerId(), p.epoch());
      slot.current = w;
      signalAll();
      return w;
    } finally {
      slot.lock.unlock();
    }
  }

  // ================================================================== lifecycle

  @Override
  public boolean isReadOnly() {
    checkOpen();
    return readOnly;
  }

  @Override
  public void close() {
    adminLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      adminLock.unlock();
    }
    if (background != null) {
      background.shutdown();
      try {
        if (!background.awaitTermination(30, TimeUnit.SECONDS)) {
          LOG.warn("Background cleaner of {} did not stop within 30 s", dir);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (readable) {
      readableVersion++;
      readable.notifyAll();
    }
    if (ownFlusher != null) {
      ownFlusher.shutdown(); // queued flushes still run; close(true) does the rest meanwhile
    }
    for (TopicHandle h : topics.values()) {
      for (PartitionLog p : h.partitions()) {
        p.close(true);
      }
    }
    if (ownFlusher != null) {
      try {
        if (!ownFlusher.awaitTermination(30, TimeUnit.SECONDS)) {
          LOG.warn("Segment flusher of {} did not stop within 30 s", dir);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (journal != null) {
      if (!readOnly) {
        try {
          journal.sync();
        } catch (RuntimeException e) {
          LOG.warn("fsync of the journal of {} at close failed: {}", dir, e.toString());
        }
      }
      journal.close();
    }
    if (lock != null) {
      lock.close();
    }
  }

  @Override
  public String toString() {
    return "FileLog[" + dir + (readOnly ? ", read-only" : "") + "]";
  }
}
