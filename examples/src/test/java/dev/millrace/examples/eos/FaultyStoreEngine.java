package dev.millrace.examples.eos;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.StoreType;
import dev.millrace.state.rocksdb.RocksDbStoreEngine;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.StoreEngine;
import dev.millrace.state.spi.StoreEngineProvider;
import java.util.Map;

/**
 * RocksDB stores failing as {@link Faults} decide. Store commits count twice (before and after
 * the atomic write batch); so do opening and destroying stores. Restores go through commits too.
 */
final class FaultyStoreEngine implements StoreEngine {
  private final StoreEngine engine;
  private final Faults faults;

  private FaultyStoreEngine(StoreEngine engine, Faults faults) {
    this.engine = engine;
    this.faults = faults;
  }

  /** A provider of persistent engines: RocksDB, wrapped. */
  static StoreEngineProvider provider(Faults faults) {
    return new StoreEngineProvider() {
      @Override
      public StoreType type() {
        return StoreType.PERSISTENT;
      }

      @Override
      public StoreEngine create(Map<String, ?> settings) {
        faults.passive("engine.create");
        RocksDbStoreEngine real = RocksDbStoreEngine.create(settings);
        faults.opened(real);
        return new FaultyStoreEngine(real, faults);
      }
    };
  }

  @Override
  public StoreType type() {
    return engine.type();
  }

  @Override
  public KeyValueBytesStore openKeyValueStore(StoreContext context) {
    faults.count("engine.open before");
    KeyValueBytesStore real = engine.openKeyValueStore(context);
    faults.opened(real);
    try {
      faults.count("engine.open after");
    } catch (Faults.InjectedFault e) {
      if (!faults.crashed()) {
        // an engine whose open fails holds nothing open; a crash is released by the test
        real.close();
      }
      throw e;
    }
    return new Store(real);
  }

  @Override
  public void destroy(StoreContext context) {
    faults.count("engine.destroy before");
    engine.destroy(context);
    faults.count("engine.destroy after");
  }

  @Override
  public void close() {
    faults.passive("engine.close");
    engine.close();
  }

  private final class Store implements KeyValueBytesStore {
    private final KeyValueBytesStore store;

    Store(KeyValueBytesStore store) {
      this.store = store;
    }

    @Override
    public String name() {
      return store.name();
    }

    @Override
    public boolean persistent() {
      return store.persistent();
    }

    @Override
    public byte[] get(Bytes key) {
      faults.passive("store.get");
      return store.get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
      faults.passive("store.range");
      return store.range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
      faults.passive("store.all");
      return store.all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> prefixScan(Bytes prefix) {
      faults.passive("store.prefixScan");
      return store.prefixScan(prefix);
    }

    @Override
    public long approximateNumEntries() {
      faults.passive("store.approximateNumEntries");
      return store.approximateNumEntries();
    }

    @Override
    public void commit(Map<Bytes, byte[]> writes, long checkpoint) {
      faults.count("store.commit before");
      store.commit(writes, checkpoint);
      faults.count("store.commit after");
    }

    @Override
    public long checkpoint() {
      faults.passive("store.checkpoint");
      return store.checkpoint();
    }

    @Override
    public void beginRestore(long expectedRecords) {
      faults.passive("store.beginRestore");
      store.beginRestore(expectedRecords);
    }

    @Override
    public void endRestore() {
      faults.passive("store.endRestore");
      store.endRestore();
    }

    @Override
    public void close() {
      faults.passive("store.close");
      store.close();
    }
  }
}
