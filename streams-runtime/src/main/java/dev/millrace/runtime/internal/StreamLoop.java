package dev.millrace.runtime.internal;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.TopicPartition;
import dev.millrace.state.KeyValueStore;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.processor.PunctuationType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one stream thread over its tasks, one round at a time, so that a real thread
 * ({@link StreamThread}) and the synchronous test driver run exactly the same code.
 *
 * <p>A round: read a batch for every input whose buffer is used up, process up to
 * {@code maxPollRecords} records per task, fire due wall-clock punctuations, hand buffered output
 * to the log, and commit when the interval has passed or a processor asked.
 *
 * <p>A commit, in this order: flush the caches (forwarding collapsed updates downstream), append
 * output and changelog records, commit the consumed input offsets, then apply each store's writes
 * to its engine atomically with the changelog checkpoint. The middle two steps go through the
 * task's {@link CommitSink}: at-least-once appends directly, exactly-once wraps them in the task's
 * transaction.
 */
public final class StreamLoop {
  private static final Logger LOG = LoggerFactory.getLogger(StreamLoop.class);

  private final String name;
  private final StreamsConfig config;
  private final Log log;
  private final TopologyPlan plan;
  private final List<TaskId> taskIds;
  private final StoreEngines engines;
  private final Function<TaskId, CommitSink> sinks;
  private final Time time;
  private final ThreadMetrics metrics = new ThreadMetrics();
  private final IsolationLevel isolation;
  private final long cacheBytesPerStore;
  private final QueryableStores queryable;
  private final List<StreamTask> tasks = new ArrayList<>();
  private long lastCommitMs;

  /**
   * @param cacheBytesPerStore cache budget of each store of these tasks (0 disables caching)
   * @param queryable where to publish the tasks' stores for queries from other threads
   */
  public StreamLoop(String name, StreamsConfig config, Log log, TopologyPlan plan,
      List<TaskId> taskIds, StoreEngines engines, Function<TaskId, CommitSink> sinks, Time time,
      long cacheBytesPerStore, QueryableStores queryable) {
    this.name = name;
    this.config = config;
    this.log = log;
    this.plan = plan;
    this.taskIds = List.copyOf(taskIds);
    this.engines = engines;
    this.sinks = sinks;
    this.time = time;
    this.isolation = config.processingGuarantee() == ProcessingGuarantee.EXACTLY_ONCE
        ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED;
    this.cacheBytesPerStore = cacheBytesPerStore;
    this.queryable = queryable;
  }

  public ThreadMetrics metrics() {
    return metrics;
  }

  /** Builds the tasks, restores their stores, positions their inputs, initializes processors. */
  public void initialize() {
    try {
      List<TopicPartition> inputs = new ArrayList<>();
      for (TaskId id : taskIds) {
        CommitSink sink = sinks.apply(id);
        RecordCollector collector = new RecordCollector(sink);
        StreamTask task;
        try {
          task = plan.buildTask(id, log, engines, collector,
              new ErrorRouter(config, collector, metrics), time, cacheBytesPerStore, isolation);
        } catch (RuntimeException e) {
          sink.close();
          throw e;
        }
        task.attach(collector, sink);
        tasks.add(task);
        for (StreamTask.PartitionQueue q : task.queues()) {
          inputs.add(q.partition);
        }
      }
      Map<TopicPartition, Long> committed = inputs.isEmpty() ? Map.of()
          : log.committedOffsets(config.applicationId(), inputs);
      for (StreamTask task : tasks) {
        task.initialize(committed);
      }
      for (StreamTask task : tasks) {
        for (TaskStore<?, ?> s : task.stores()) {
          queryable.register(task.id(), s);
        }
      }
      lastCommitMs = time.milliseconds();
      LOG.debug("{}: initialized tasks {}", name, taskIds);
    } catch (RuntimeException e) {
      closeTasks();
      throw e;
    }
  }

  /** One round; returns the number of records processed. */
  public int runOnce() {
    int max = config.maxPollRecords();
    for (StreamTask t : tasks) {
      t.fetch(max, isolation);
    }
    int processed = 0;
    for (StreamTask t : tasks) {
      processed += t.process(max);
    }
    if (processed > 0) {
      metrics.processed += processed;
    }
    long now = time.milliseconds();
    for (StreamTask t : tasks) {
      t.punctuate(PunctuationType.WALL_CLOCK_TIME, now);
      t.collector().flush();
    }
    if (now - lastCommitMs >= config.commitInterval().toMillis() || commitRequested()) {
      commit();
    }
    return processed;
  }

  private boolean commitRequested() {
    for (StreamTask t : tasks) {
      if (t.commitRequested()) {
        return true;
      }
    }
    return false;
  }

  /** True if some task holds records back while it waits for data on an empty input. */
  public boolean idling() {
    for (StreamTask t : tasks) {
      if (t.idleRemainingMs() != Long.MAX_VALUE && t.hasBuffered()) {
        return true;
      }
    }
    return false;
  }

  /** True if some task holds read records not processed yet. */
  public boolean hasBuffered() {
    for (StreamTask t : tasks) {
      if (t.hasBuffered()) {
        return true;
      }
    }
    return false;
  }

  /** Commits every task of this loop, each through its own sink (its own transaction). */
  public void commit() {
    long start = System.nanoTime();
    // every cache first: a flush may forward records into any task's sink buffers
    for (StreamTask t : tasks) {
      t.flushStores();
    }
    for (StreamTask t : tasks) {
      t.collector().flush();
      t.appendChangelogs(t.collector());
      Map<TopicPartition, Long> offsets = new HashMap<>();
      t.collectOffsets(offsets);
      t.sink().commit(config.applicationId(), offsets);
      t.offsetsCommitted();
      t.commitStores();
    }
    lastCommitMs = time.milliseconds();
    metrics.recordCommit(System.nanoTime() - start);
  }

  /** Fires due wall-clock punctuations now (used by the test driver after moving the clock). */
  public void punctuateWallClock() {
    long now = time.milliseconds();
    for (StreamTask t : tasks) {
      t.punctuate(PunctuationType.WALL_CLOCK_TIME, now);
      t.collector().flush();
    }
  }

  /**
   * Waits until an input of this loop has something to read, at most {@code timeout} and never
   * past the next commit.
   */
  public void awaitInput(Duration timeout) {
    long untilCommit = lastCommitMs + config.commitInterval().toMillis() - time.milliseconds();
    long waitMs = Math.max(0, Math.min(timeout.toMillis(), untilCommit));
    for (StreamTask t : tasks) {
      waitMs = Math.min(waitMs, t.idleRemainingMs());
    }
    if (waitMs == 0) {
      return;
    }
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (StreamTask t : tasks) {
      for (StreamTask.PartitionQueue q : t.queues()) {
        positions.put(q.partition, q.position);
      }
    }
    if (positions.isEmpty()) {
      LockSupport.parkNanos(waitMs * 1_000_000L);
      return;
    }
    log.awaitReadable(positions, isolation, Duration.ofMillis(waitMs));
  }

  /** The named store of the first task that has it (for the test driver: one task per store). */
  public <K, V> KeyValueStore<K, V> store(String storeName) {
    for (StreamTask t : tasks) {
      for (TaskStore<?, ?> s : t.stores()) {
        if (s.name().equals(storeName)) {
          return t.store(storeName);
        }
      }
    }
    return null;
  }

  /**
   * Closes the tasks; with {@code clean}, commits first so that nothing processed is processed
   * again after a restart.
   */
  public void close(boolean clean) {
    try {
      if (clean && !tasks.isEmpty()) {
        commit();
      }
    } finally {
      closeTasks();
    }
  }

  private void closeTasks() {
    for (StreamTask t : tasks) {
      for (TaskStore<?, ?> s : t.stores()) {
        queryable.unregister(t.id(), s);
      }
      t.close();
      if (t.sink() != null) {
        t.sink().close();
      }
    }
    tasks.clear();
  }
}
