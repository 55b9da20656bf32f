package dev.millrace.runtime;

import dev.millrace.log.Log;
import dev.millrace.runtime.internal.CommitSink;
import dev.millrace.runtime.internal.CommitSinks;
import dev.millrace.runtime.internal.QueryableStores;
import dev.millrace.runtime.internal.StoreEngines;
import dev.millrace.runtime.internal.StreamLoop;
import dev.millrace.runtime.internal.StreamThread;
import dev.millrace.runtime.internal.TaskId;
import dev.millrace.runtime.internal.ThreadMetrics;
import dev.millrace.runtime.internal.Time;
import dev.millrace.runtime.internal.TopologyPlan;
import dev.millrace.state.ReadOnlyKeyValueStore;
import dev.millrace.state.spi.StoreEngineProvider;
import dev.millrace.streams.StateRestoreListener;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.streams.Topology;
import dev.millrace.streams.internal.InternalTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running stream-processing application: a {@link Topology} executed over a {@link Log} by
 * {@link StreamsConfig#numStreamThreads()} threads (Kafka's {@code KafkaStreams}).
 *
 * <pre>{@code
 * try (Streams streams = new Streams(topology, config, log)) {
 *   streams.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>{@link #start()} compiles the topology against the log (checking topics and serdes),
 * creates the internal topics, and starts the threads; each restores its tasks' stores and then
 * processes. The state goes {@code CREATED → STARTING → RUNNING}, and on {@link #close} through
 * {@code PENDING_SHUTDOWN} to {@code NOT_RUNNING}. If a thread fails, the uncaught exception
 * handler is told, the other threads stop cleanly, and the state becomes {@code ERROR}.
 *
 * <p>Tasks are spread over the threads round-robin; each task is processed by one thread only.
 * There is no group coordination between processes: run one instance per application id and log.
 * (A second instance would process every task again; under exactly-once it fences the first,
 * whose threads then fail.)
 */
public final class Streams implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Streams.class);

  /** Lifecycle states. */
  public enum State {
    CREATED, STARTING, RUNNING, PENDING_SHUTDOWN, NOT_RUNNING, ERROR
  }

  /** Told of every state change, on the thread causing it. */
  @FunctionalInterface
  public interface StateListener {
    void onChange(State newState, State oldState);
  }

  /** Told when a stream thread fails. */
  @FunctionalInterface
  public interface UncaughtExceptionHandler {
    void handle(Throwable error);
  }

  private final InternalTopology topology;
  private final StreamsConfig config;
  private final Log log;
  private final Collection<StoreEngineProvider> providers;
  private final Object lock = new Object();
  private State state = State.CREATED;
  private volatile StateListener stateListener = (n, o) -> { };
  private StateRestoreListener restoreListener = new StateRestoreListener() {};
  private volatile UncaughtExceptionHandler exceptionHandler =
      e -> LOG.error("stream thread failed; the application goes to ERROR", e);
  private final List<StreamThread> threads = new CopyOnWriteArrayList<>();
  private StoreEngines engines;
  private final QueryableStores queryable = new QueryableStores();

  /** An application whose store engines are found with {@link java.util.ServiceLoader}. */
  public Streams(Topology topology, StreamsConfig config, Log log) {
    this(topology, config, log, StoreEngines.discover());
  }

  /**
   * An application using exactly the given store engine providers.
   *
   * @throws IllegalArgumentException if the topology was not built by a StreamsBuilder
   */
  public Streams(Topology topology, StreamsConfig config, Log log,
      Collection<StoreEngineProvider> storeEngineProviders) {
    Objects.requireNonNull(topology, "topology");
    if (!(topology instanceof InternalTopology internal)) {
      throw new IllegalArgumentException("the topology must come from StreamsBuilder.build()");
    }
    this.topology = internal;
    this.config = Objects.requireNonNull(config, "config");
    this.log = Objects.requireNonNull(log, "log");
    this.providers = List.copyOf(storeEngineProviders);
  }

  public void setStateListener(StateListener listener) {
    this.stateListener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Sets the listener told of the restoration of stores from their changelogs (replaces any
   * previous one). It is called on the stream threads before they process records: keep it short.
   *
   * @throws IllegalStateException if the application was already started
   */
  public void setStateRestoreListener(StateRestoreListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (lock) {
      if (state != State.CREATED) {
        throw new IllegalStateException("the restore listener must be set before start(); state is "
            + state);
      }
      this.restoreListener = listener;
    }
  }

  public void setUncaughtExceptionHandler(UncaughtExceptionHandler handler) {
    this.exceptionHandler = Objects.requireNonNull(handler, "handler");
  }

  public State state() {
    synchronized (lock) {
      return state;
    }
  }

  private boolean transition(State to, State... allowedFrom) {
    State from;
    synchronized (lock) {
      from = state;
      boolean ok = false;
      for (State s : allowedFrom) {
        ok |= s == from;
      }
      if (!ok) {
        return false;
      }
      state = to;
      lock.notifyAll();
    }
    stateListener.onChange(to, from);
    return true;
  }

  /**
   * Starts processing.
   *
   * @throws IllegalStateException if already started
   * @throws dev.millrace.streams.TopologyException if the topology does not fit the log (missing
   *     topics, partition counts) or lacks serdes
   */
  public void start() {
    synchronized (lock) {
      if (state != State.CREATED) {
        throw new IllegalStateException("start() may be called once, in CREATED; state is "
            + state);
      }
    }
    TopologyPlan plan = TopologyPlan.create(topology, config, log);
    plan.createTopics(log);
    engines = StoreEngines.create(providers, config.storeEngineSettings());
    synchronized (lock) {
      engines.setRestoreListener(restoreListener);
    }
    try {
      engines.checkAvailable(topology.stores().values());
    } catch (RuntimeException e) {
      engines.close();
      throw e;
    }
    int n = config.numStreamThreads();
    List<List<TaskId>> assignment = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      assignment.add(new ArrayList<>());
    }
    List<TaskId> tasks = plan.tasks();
    for (int i = 0; i < tasks.size(); i++) {
      assignment.get(i % n).add(tasks.get(i));
    }
    // the cache budget is split evenly over every store instance (store x task)
    long storeInstances = 0;
    for (TaskId t : tasks) {
      storeInstances += plan.topology().subTopologies().get(t.subTopology()).stores().size();
    }
    long cachePerStore = config.cacheMaxBytes() / Math.max(1, storeInstances);
    if (config.cacheMaxBytes() > 0 && cachePerStore == 0) {
      cachePerStore = 1;
    }
    AtomicInteger initialized = new AtomicInteger();
    Function<TaskId, CommitSink> sinks = CommitSinks.forConfig(config, log);
    for (int i = 0; i < n; i++) {
      String name = config.applicationId() + "-StreamThread-" + (i + 1);
      StreamLoop loop = new StreamLoop(name, config, log, plan, assignment.get(i), engines,
          sinks, Time.SYSTEM, cachePerStore, queryable);
      threads.add(new StreamThread(name, loop, () -> {
        if (initialized.incrementAndGet() == n) {
          transition(State.RUNNING, State.STARTING);
        }
      }, this::threadFailed));
    }
    transition(State.STARTING, State.CREATED);
    LOG.info("starting application '{}' with {} tasks on {} threads", config.applicationId(),
        tasks.size(), n);
    threads.forEach(Thread::start);
  }

  private void threadFailed(Throwable error) {
    try {
      exceptionHandler.handle(error);
    } finally {
      transition(State.ERROR, State.CREATED, State.STARTING, State.RUNNING,
          State.PENDING_SHUTDOWN);
      threads.forEach(StreamThread::shutdown);
    }
  }

  /**
   * Waits until the application reaches {@code target} (or ERROR / NOT_RUNNING).
   *
   * @return true if {@code target} was reached within the timeout
   */
  public boolean awaitState(State target, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (state != target) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || (target != State.ERROR && state == State.ERROR)) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /**
   * Stops the threads (each commits and closes its tasks) and releases the store engines.
   *
   * @return true if every thread stopped within the timeout
   */
  public boolean close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    transition(State.PENDING_SHUTDOWN, State.CREATED, State.STARTING, State.RUNNING);
    threads.forEach(StreamThread::shutdown);
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean stopped = true;
    for (StreamThread t : threads) {
      if (t == Thread.currentThread()) {
        // called from a listener or handler on a stream thread: it stops after returning
        stopped = false;
        continue;
      }
      try {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          t.join(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stopped &= !t.isAlive();
    }
    if (stopped && engines != null) {
      engines.close();
    }
    transition(State.NOT_RUNNING, State.PENDING_SHUTDOWN);
    return stopped;
  }

  /** {@link #close(Duration)} waiting as long as it takes. */
  @Override
  public void close() {
    close(Duration.ofDays(365));
  }

  /**
   * A read-only view of a store across all its tasks, for queries from any thread. It shows
   * committed state only (as of each task's last commit), read from the store engines.
   *
   * @throws IllegalStateException unless the application is RUNNING
   * @throws IllegalArgumentException if the topology has no store of that name
   */
  public <K, V> ReadOnlyKeyValueStore<K, V> store(String name) {
    Objects.requireNonNull(name, "name");
    State s = state();
    if (s != State.RUNNING) {
      throw new IllegalStateException("stores can be queried while RUNNING; the application is "
          + s);
    }
    return queryable.view(name);
  }

  /**
   * Deletes this application's local state, {@code <stateDir>/<applicationId>}, so that persistent
   * stores are rebuilt from their changelogs at the next start. Allowed before {@link #start()}
   * and after {@link #close}.
   *
   * @throws IllegalStateException while the application runs
   * @throws UncheckedIOException if a file cannot be deleted
   */
  public void cleanUp() {
    State s = state();
    if (s != State.CREATED && s != State.NOT_RUNNING && s != State.ERROR) {
      throw new IllegalStateException("cleanUp() needs a stopped application; state is " + s);
    }
    for (StreamThread t : threads) {
      if (t.isAlive()) {
        throw new IllegalStateException("cleanUp() needs every stream thread stopped; "
            + t.getName() + " still runs");
      }
    }
    Path dir = config.stateDir().resolve(config.applicationId());
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the local state of application '"
          + config.applicationId() + "' in " + dir, e);
    }
    LOG.info("deleted the local state of application '{}' in {}", config.applicationId(), dir);
  }

  /** Counters summed over all threads, with commit latency percentiles over all commits. */
  public StreamsMetrics metrics() {
    List<ThreadMetrics> all = new ArrayList<>();
    for (StreamThread t : threads) {
      all.add(t.loop().metrics());
    }
    return ThreadMetrics.snapshot(all);
  }
}
