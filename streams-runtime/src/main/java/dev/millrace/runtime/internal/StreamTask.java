package dev.millrace.runtime.internal;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.OffsetOutOfRangeException;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.UnknownTopicOrPartitionException;
import dev.millrace.runtime.StreamsException;
import dev.millrace.state.KeyValueStore;
import dev.millrace.streams.processor.Cancellable;
import dev.millrace.streams.processor.PunctuationType;
import dev.millrace.streams.processor.Punctuator;
import dev.millrace.streams.processor.Record;
import dev.millrace.streams.processor.RecordMetadata;
import dev.millrace.streams.processor.TimestampExtractor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sub-topology bound to one partition number: its input queues, instantiated nodes and stores.
 * Driven by one thread ({@link StreamLoop}); nothing here is synchronized.
 *
 * <p>Records are taken across the task's input partitions in timestamp order (the smallest head
 * timestamp among the buffered batches first), and each runs through the whole sub-topology
 * before the next one starts.
 */
final class StreamTask {
  private static final Logger LOG = LoggerFactory.getLogger(StreamTask.class);
  private static final int MAX_READ_BYTES = 4 * 1024 * 1024;

  /** One input partition: the batch being processed and the positions around it. */
  static final class PartitionQueue {
    final TopicPartition partition;
    final SourceNode source;
    List<StoredRecord> records = List.of();
    int index;
    long position;
    long batchEnd;
    long consumed = -1;
    long committed = -1;

    PartitionQueue(TopicPartition partition, SourceNode source) {
      this.partition = partition;
      this.source = source;
    }

    boolean hasRecord() {
      return index < records.size();
    }
  }

  private final class Punctuation implements Cancellable {
    final PunctuationType type;
    final long interval;
    final Punctuator callback;
    long next;
    boolean cancelled;

    Punctuation(PunctuationType type, long interval, Punctuator callback, long next) {
      this.type = type;
      this.interval = interval;
      this.callback = callback;
      this.next = next;
    }

    @Override
    public void cancel() {
      cancelled = true;
      punctuations.remove(this);
      recomputeNextStreamPunctuation();
    }
  }

  private final TaskId id;
  private final String applicationId;
  private final ErrorRouter errors;
  private final Time time;
  private final Log log;
  private PartitionQueue[] queues = new PartitionQueue[0];
  private final List<RuntimeNode> nodes = new ArrayList<>();
  private final Map<String, TaskStore<?, ?>> stores = new LinkedHashMap<>();
  private final Map<String, TopicPartition[]> topicPartitions = new HashMap<>();
  private final List<Punctuation> punctuations = new ArrayList<>();

  private long streamTime = -1;
  private long nextStreamPunctuation = Long.MAX_VALUE;
  private PartitionQueue currentQueue;
  private StoredRecord currentRaw;
  private long currentTimestamp;
  private boolean commitRequested;
  private RecordCollector collector;
  private CommitSink sink;
  private long step;
  private long maxIdleMs;
  private long idleSince = -1;

  StreamTask(TaskId id, String applicationId, ErrorRouter errors, Time time, Log log) {
    this.id = id;
    this.applicationId = applicationId;
    this.errors = errors;
    this.time = time;
    this.log = log;
  }

  /** See {@code StreamsConfig.maxTaskIdle()}; 0 never waits. */
  void setMaxIdle(long maxIdleMs) {
    this.maxIdleMs = maxIdleMs;
  }

  // ------------------------------------------------------------------ assembly

  void addQueue(PartitionQueue queue) {
    PartitionQueue[] q = java.util.Arrays.copyOf(queues, queues.length + 1);
    q[queues.length] = queue;
    queues = q;
  }

  void addNode(RuntimeNode node) {
    nodes.add(node);
  }

  void addStore(TaskStore<?, ?> store) {
    stores.put(store.name(), store);
  }

  /** Where this task's output goes; set once after building. */
  void attach(RecordCollector collector, CommitSink sink) {
    this.collector = collector;
    this.sink = sink;
  }

  RecordCollector collector() {
    return collector;
  }

  CommitSink sink() {
    return sink;
  }

  TaskId id() {
    return id;
  }

  String applicationId() {
    return applicationId;
  }

  PartitionQueue[] queues() {
    return queues;
  }

  Collection<TaskStore<?, ?>> stores() {
    return stores.values();
  }

  @SuppressWarnings("unchecked")
  <K, V> KeyValueStore<K, V> store(String name) {
    TaskStore<?, ?> s = stores.get(name);
    if (s == null) {
      throw new IllegalArgumentException("task " + id + " has no store '" + name + "'");
    }
    return (KeyValueStore<K, V>) s;
  }

  /** Positions from committed offsets (or the beginning), then processor init. */
  void initialize(Map<TopicPartition, Long> committed) {
    for (PartitionQueue q : queues) {
      long begin = log.beginningOffset(q.partition);
      long end = log.endOffset(q.partition);
      Long c = committed.get(q.partition);
      long pos = c == null ? begin : c;
      if (pos < begin) {
        LOG.warn("task {}: committed offset {} of {} is below the beginning offset {};"
            + " continuing from the beginning", id, pos, q.partition, begin);
        pos = begin;
      } else if (pos > end) {
        LOG.warn("task {}: committed offset {} of {} is beyond the end offset {};"
            + " continuing from the end", id, pos, q.partition, end);
        pos = end;
      }
      q.position = pos;
      q.batchEnd = pos;
      q.committed = c == null ? -1 : c;
    }
    for (RuntimeNode n : nodes) {
      n.init();
    }
  }

  // ------------------------------------------------------------------ processing

  /** Reads a batch for every input whose buffer is used up; returns records read. */
  int fetch(int maxRecords, IsolationLevel isolation) {
    int n = 0;
    for (PartitionQueue q : queues) {
      if (!q.hasRecord()) {
        ReadResult r;
        try {
          r = log.read(q.partition, q.position, maxRecords, MAX_READ_BYTES, isolation);
        } catch (OffsetOutOfRangeException e) {
          // records deleted (retention, deleteRecordsBefore) before this task read them: they
          // cannot be processed any more; continue from the oldest record left, loudly
          long begin = log.beginningOffset(q.partition);
          LOG.warn("task {}: offset {} of {} is no longer in the log ({}); skipping to the"
              + " beginning offset {}", id, q.position, q.partition, e.getMessage(), begin);
          q.position = begin;
          q.batchEnd = begin;
          r = log.read(q.partition, q.position, maxRecords, MAX_READ_BYTES, isolation);
        }
        q.records = r.records();
        q.index = 0;
        q.position = r.nextOffset();
        q.batchEnd = r.nextOffset();
        if (r.records().isEmpty()) {
          q.consumed = Math.max(q.consumed, r.nextOffset());
        }
        n += r.records().size();
      }
    }
    return n;
  }

  boolean hasBuffered() {
    for (PartitionQueue q : queues) {
      if (q.hasRecord()) {
        return true;
      }
    }
    return false;
  }

  /** Processes up to {@code budget} buffered records; returns how many. */
  int process(int budget) {
    int n = 0;
    while (n < budget) {
      if (maxIdleMs > 0 && queues.length > 1 && waitingForEmptyPartition()) {
        break;
      }
      PartitionQueue q = next();
      if (q == null) {
        break;
      }
      StoredRecord raw = q.records.get(q.index++);
      processRecord(q, raw);
      q.consumed = q.index == q.records.size() ? q.batchEnd : raw.offset() + 1;
      n++;
    }
    return n;
  }

  /**
   * With several inputs, some buffered and some empty: true while the empty ones have been empty
   * for less than the idle time (the caller then stops, so that they get fetched). Once the time
   * is up the task goes on with what it has, until every input has data again.
   */
  private boolean waitingForEmptyPartition() {
    boolean anyEmpty = false;
    boolean anyBuffered = false;
    for (PartitionQueue q : queues) {
      if (q.hasRecord()) {
        anyBuffered = true;
      } else {
        anyEmpty = true;
      }
    }
    if (!anyEmpty) {
      idleSince = -1;
      return false;
    }
    if (!anyBuffered) {
      return false;
    }
    long now = time.milliseconds();
    if (idleSince < 0) {
      idleSince = now;
    }
    return now - idleSince < maxIdleMs;
  }

  /** Milliseconds until this task stops waiting for an empty input, or Long.MAX_VALUE. */
  long idleRemainingMs() {
    if (idleSince < 0 || maxIdleMs == 0) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, idleSince + maxIdleMs - time.milliseconds());
  }

  private PartitionQueue next() {
    if (queues.length == 1) {
      PartitionQueue q = queues[0];
      return q.hasRecord() ? q : null;
    }
    PartitionQueue best = null;
    long bestTs = Long.MAX_VALUE;
    for (PartitionQueue q : queues) {
      if (q.hasRecord()) {
        long ts = q.records.get(q.index).timestamp();
        if (best == null || ts < bestTs) {
          best = q;
          bestTs = ts;
        }
      }
    }
    return best;
  }

  @SuppressWarnings("unchecked")
  private void processRecord(PartitionQueue q, StoredRecord raw) {
    step++;
    currentQueue = q;
    currentRaw = raw;
    try {
      long ts = raw.timestamp();
      TimestampExtractor<Object, Object> extractor = q.source.timestampExtractor;
      if (ts < 0 && extractor == null) {
        errors.handle(ErrorRouter.Kind.DESERIALIZATION, id, q.partition, raw,
            new IllegalArgumentException("record has a negative timestamp " + ts));
        return;
      }
      Object key;
      Object value;
      try {
        String topic = q.partition.topic();
        key = q.source.keyDeserializer.deserialize(topic, raw.key());
        value = q.source.valueDeserializer.deserialize(topic, raw.value());
        if (extractor != null) {
          ts = extractor.extract(key, value, ts);
          if (ts < 0) {
            throw new IllegalArgumentException("the timestamp extractor of source '"
                + q.source.name + "' returned the negative timestamp " + ts);
          }
        }
      } catch (RuntimeException e) {
        errors.handle(ErrorRouter.Kind.DESERIALIZATION, id, q.partition, raw, e);
        return;
      }
      currentTimestamp = ts;
      if (ts > streamTime) {
        streamTime = ts;
      }
      try {
        q.source.forward(new Record<>(key, value, ts, raw.headers()));
      } catch (StreamsException e) {
        throw e;
      } catch (RuntimeException e) {
        errors.handle(ErrorRouter.Kind.PROCESSING, id, q.partition, raw, e);
      }
    } finally {
      currentRaw = null;
      currentQueue = null;
    }
    if (streamTime >= nextStreamPunctuation) {
      punctuate(PunctuationType.STREAM_TIME, streamTime);
    }
  }

  // ------------------------------------------------------------------ context services

  RecordMetadata currentMetadata() {
    if (currentRaw == null) {
      return null;
    }
    String topic = currentQueue.partition.topic();
    int partition = currentQueue.partition.partition();
    long offset = currentRaw.offset();
    return new RecordMetadata() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public int partition() {
        return partition;
      }

      @Override
      public long offset() {
        return offset;
      }

      @Override
      public String toString() {
        return topic + "-" + partition + "@" + offset;
      }
    };
  }

  /** Changes with every record, punctuation and flush: scopes per-record memoization. */
  long step() {
    return step;
  }

  long currentTimestamp() {
    return currentTimestamp;
  }

  long streamTime() {
    return streamTime;
  }

  long wallClockMs() {
    return time.milliseconds();
  }

  void requestCommit() {
    commitRequested = true;
  }

  boolean commitRequested() {
    return commitRequested;
  }

  void recordSkipped(String reason) {
    errors.skipped(id, currentQueue == null ? null : currentQueue.partition, currentRaw, reason);
  }

  void productionError(RuntimeException e) {
    errors.handle(ErrorRouter.Kind.PRODUCTION, id,
        currentQueue == null ? null : currentQueue.partition, currentRaw, e);
  }

  /** Partitions of a topic chosen at run time by a topic name extractor. */
  TopicPartition[] partitionsOf(String topic) {
    TopicPartition[] tps = topicPartitions.get(topic);
    if (tps == null) {
      int n;
      try {
        n = log.describeTopic(topic).partitions();
      } catch (UnknownTopicOrPartitionException e) {
        throw new IllegalStateException("output topic '" + topic + "' does not exist", e);
      }
      tps = new TopicPartition[n];
      for (int i = 0; i < n; i++) {
        tps[i] = new TopicPartition(topic, i);
      }
      topicPartitions.put(topic, tps);
    }
    return tps;
  }

  Cancellable schedule(long intervalMs, PunctuationType type, Punctuator callback) {
    long next = type == PunctuationType.STREAM_TIME
        ? (streamTime < 0 ? Long.MIN_VALUE : streamTime + intervalMs)
        : time.milliseconds() + intervalMs;
    Punctuation p = new Punctuation(type, intervalMs, callback, next);
    punctuations.add(p);
    recomputeNextStreamPunctuation();
    return p;
  }

  private void recomputeNextStreamPunctuation() {
    long next = Long.MAX_VALUE;
    for (Punctuation p : punctuations) {
      if (p.type == PunctuationType.STREAM_TIME) {
        next = Math.min(next, p.next);
      }
    }
    nextStreamPunctuation = next;
  }

  /** Fires the due punctuations of {@code type} at {@code now}; returns whether any fired. */
  boolean punctuate(PunctuationType type, long now) {
    if (punctuations.isEmpty()) {
      return false;
    }
    boolean due = false;
    for (Punctuation p : punctuations) {
      due |= p.type == type && p.next <= now;
    }
    if (!due) {
      return false;
    }
    boolean fired = false;
    // a punctuator may schedule or cancel punctuations: iterate over a snapshot
    for (Punctuation p : new ArrayList<>(punctuations)) {
      if (p.cancelled || p.type != type || p.next > now) {
        continue;
      }
      fired = true;
      step++;
      p.next = now + p.interval;
      try {
        p.callback.punctuate(now);
      } catch (StreamsException e) {
        throw e;
      } catch (RuntimeException e) {
        errors.handle(ErrorRouter.Kind.PROCESSING, id, null, null, e);
      }
    }
    if (fired && type == PunctuationType.STREAM_TIME) {
      recomputeNextStreamPunctuation();
    }
    return fired;
  }

  // ------------------------------------------------------------------ commit

  /** Writes out every cache, repeating while flushing one store dirties another. */
  void flushStores() {
    step++;
    try {
      boolean any = true;
      for (int round = 0; any && round < 100; round++) {
        any = false;
        for (TaskStore<?, ?> s : stores.values()) {
          any |= s.flush();
        }
      }
    } catch (StreamsException e) {
      throw e;
    } catch (RuntimeException e) {
      errors.handle(ErrorRouter.Kind.PROCESSING, id, null, null, e);
    }
  }

  void appendChangelogs(RecordCollector collector) {
    for (TaskStore<?, ?> s : stores.values()) {
      s.appendChangelog(collector);
    }
  }

  /** Adds the offsets consumed since the last commit. */
  void collectOffsets(Map<TopicPartition, Long> out) {
    for (PartitionQueue q : queues) {
      if (q.consumed >= 0 && q.consumed != q.committed) {
        out.put(q.partition, q.consumed);
      }
    }
  }

  void offsetsCommitted() {
    for (PartitionQueue q : queues) {
      if (q.consumed >= 0) {
        q.committed = q.consumed;
      }
    }
    commitRequested = false;
  }

  void commitStores() {
    for (TaskStore<?, ?> s : stores.values()) {
      s.commitToEngine();
    }
  }

  /** Closes processors and stores; uncommitted store state is dropped. */
  void close() {
    for (RuntimeNode n : nodes) {
      try {
        n.close();
      } catch (RuntimeException e) {
        LOG.warn("task {}: closing node '{}' failed", id, n.name, e);
      }
    }
    for (TaskStore<?, ?> s : stores.values()) {
      s.discard();
      try {
        s.inner().close();
      } catch (RuntimeException e) {
        LOG.warn("task {}: closing store '{}' failed", id, s.name(), e);
      }
    }
  }
}
