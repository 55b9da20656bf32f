package dev.millrace.runtime.internal;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicPartition;
import dev.millrace.state.StoreType;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.StoreCorruptedException;
import dev.millrace.state.spi.StoreEngine;
import dev.millrace.state.spi.StoreEngineProvider;
import dev.millrace.state.spi.StoreException;
import dev.millrace.streams.StateRestoreListener;
import dev.millrace.streams.TopologyException;
import dev.millrace.streams.internal.StoreDef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store engines of one running application, one per store type, and the rules for opening a
 * task's store: open, then bring it level with its changelog. A store whose checkpoint equals the
 * changelog's end is used as is; one behind replays only the tail; one ahead of the changelog,
 * without checkpoint but not empty, or corrupt, is destroyed and rebuilt from the whole changelog.
 */
public final class StoreEngines implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreEngines.class);
  private static final int RESTORE_BATCH = 10_000;

  private final Map<StoreType, StoreEngine> engines = new EnumMap<>(StoreType.class);
  private volatile StateRestoreListener restoreListener = new StateRestoreListener() {};

  private StoreEngines() {}

  /** Engines from the given providers (the first of each type wins). */
  public static StoreEngines create(Collection<StoreEngineProvider> providers,
      Map<String, ?> settings) {
    StoreEngines result = new StoreEngines();
    for (StoreEngineProvider p : providers) {
      if (result.engines.containsKey(p.type())) {
        LOG.warn("ignoring store engine provider {}: another {} engine is already in use",
            p.getClass().getName(), p.type());
        continue;
      }
      result.engines.put(p.type(), p.create(settings));
    }
    return result;
  }

  /** The providers registered with {@link ServiceLoader}. */
  public static java.util.List<StoreEngineProvider> discover() {
    java.util.List<StoreEngineProvider> list = new java.util.ArrayList<>();
    ServiceLoader.load(StoreEngineProvider.class).forEach(list::add);
    return list;
  }

  /** Told of every restoration from now on. */
  public void setRestoreListener(StateRestoreListener listener) {
    this.restoreListener = java.util.Objects.requireNonNull(listener, "listener");
  }

  /** Persistent if such an engine is available, else in-memory. */
  StoreType defaultType() {
    return engines.containsKey(StoreType.PERSISTENT) ? StoreType.PERSISTENT : StoreType.IN_MEMORY;
  }

  StoreType typeOf(StoreDef def) {
    StoreType type = def.storeType() != null ? def.storeType() : defaultType();
    if (!engines.containsKey(type)) {
      throw new TopologyException("store '" + def.name() + "' needs a " + type
          + " store engine, but none is available (engines: " + engines.keySet() + ")"
          + (type == StoreType.PERSISTENT ? "; add the state-rocksdb module to the classpath" : ""));
    }
    return type;
  }

  /**
   * Checks that an engine exists for every store of the topology, before any thread starts.
   *
   * @throws TopologyException naming the first store without an engine
   */
  public void checkAvailable(Collection<StoreDef> stores) {
    for (StoreDef def : stores) {
      typeOf(def);
    }
  }

  /** Opens a task's store and restores it from its changelog (if it has one). */
  KeyValueBytesStore openAndRestore(StoreDef def, StoreContext context, Log log,
      TopicPartition changelog, IsolationLevel isolation) {
    StoreEngine engine = engines.get(typeOf(def));
    if (engine.type() == StoreType.PERSISTENT) {
      try {
        Files.createDirectories(context.directory());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create state directory " + context.directory()
            + " of store '" + def.name() + "'", e);
      }
    }
    KeyValueBytesStore store = open(engine, context, def);
    if (changelog == null) {
      return store;
    }
    long begin = log.beginningOffset(changelog);
    long end = log.endOffset(changelog);
    long checkpoint = store.checkpoint();
    boolean rebuild = checkpoint > end
        || (checkpoint == KeyValueBytesStore.NO_CHECKPOINT && store.approximateNumEntries() > 0)
        || (checkpoint != KeyValueBytesStore.NO_CHECKPOINT && checkpoint < begin);
    if (rebuild) {
      LOG.warn("store '{}' of task {} has checkpoint {} but changelog {} spans [{}, {});"
          + " rebuilding it from the changelog", def.name(), context.taskId(), checkpoint,
          changelog, begin, end);
      store.close();
      engine.destroy(context);
      store = open(engine, context, def);
      checkpoint = KeyValueBytesStore.NO_CHECKPOINT;
    }
    long from = checkpoint == KeyValueBytesStore.NO_CHECKPOINT ? begin : checkpoint;
    if (from < end) {
      replay(def.name(), store, log, changelog, from, end, isolation, restoreListener);
    }
    return store;
  }

  private static KeyValueBytesStore open(StoreEngine engine, StoreContext context,
      StoreDef def) {
    try {
      return openLayout(engine, context, def);
    } catch (StoreCorruptedException e) {
      LOG.warn("store '{}' of task {} is corrupt ({}); destroying and rebuilding it",
          context.storeName(), context.taskId(), e.getMessage());
      engine.destroy(context);
      return openLayout(engine, context, def);
    }
  }

  /** Window and session stores are adapted to the key-value view the task store works on. */
  private static KeyValueBytesStore openLayout(StoreEngine engine, StoreContext context,
      StoreDef def) {
    return switch (def.layout()) {
      case KEY_VALUE -> engine.openKeyValueStore(context);
      case WINDOW -> WindowStoreAdapter.of(
          engine.openWindowStore(context, Retention.of(def.retentionMs())));
      case SESSION -> WindowStoreAdapter.of(
          engine.openSessionStore(context, Retention.of(def.retentionMs())));
    };
  }

  private static void replay(String name, KeyValueBytesStore store, Log log, TopicPartition changelog,
      long from, long end, IsolationLevel isolation, StateRestoreListener listener) {
    LOG.info("restoring store '{}' from {} offsets [{}, {})", store.name(), changelog, from, end);
    listener.onRestoreStart(name, changelog, from, end);
    long total = 0;
    store.beginRestore(end - from);
    try {
      long pos = from;
      while (pos < end) {
        ReadResult r = log.read(changelog, pos, RESTORE_BATCH, 16 * 1024 * 1024, isolation);
        if (r.nextOffset() == pos) {
          break;
        }
        Map<Bytes, byte[]> writes = new HashMap<>(r.records().size() * 2);
        for (StoredRecord rec : r.records()) {
          if (rec.key() == null) {
            throw new StoreException("changelog " + changelog + " has a record without key at"
                + " offset " + rec.offset() + "; cannot restore store '" + store.name() + "'");
          }
          writes.put(Bytes.wrap(rec.key()), rec.value());
        }
        pos = r.nextOffset();
        store.commit(writes, pos);
        total += r.records().size();
        listener.onBatchRestored(name, changelog, pos, r.records().size());
      }
    } finally {
      store.endRestore();
    }
    LOG.info("restored {} records of store '{}' from {}", total, store.name(), changelog);
    listener.onRestoreEnd(name, changelog, total);
  }

  /** Where a persistent store of a task keeps its files. */
  static Path directory(Path stateDir, String applicationId, TaskId task, String store) {
    return stateDir.resolve(applicationId).resolve(task.toString()).resolve(store);
  }

  @Override
  public void close() {
    for (StoreEngine e : engines.values()) {
      try {
        e.close();
      } catch (RuntimeException ex) {
        LOG.warn("closing store engine {} failed", e.type(), ex);
      }
    }
    engines.clear();
  }
}
