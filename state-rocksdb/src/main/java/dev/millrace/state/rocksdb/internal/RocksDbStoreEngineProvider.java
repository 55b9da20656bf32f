package dev.millrace.state.rocksdb.internal;

import dev.millrace.state.StoreType;
import dev.millrace.state.rocksdb.RocksDbStoreEngine;
import dev.millrace.state.spi.StoreEngine;
import dev.millrace.state.spi.StoreEngineProvider;
import java.util.Map;

/** Makes {@link RocksDbStoreEngine}s; registered for {@link java.util.ServiceLoader}. */
public final class RocksDbStoreEngineProvider implements StoreEngineProvider {
  @Override
  public StoreType type() {
    return StoreType.PERSISTENT;
  }

  @Override
  public StoreEngine create(Map<String, ?> settings) {
    return RocksDbStoreEngine.create(settings);
  }
}
