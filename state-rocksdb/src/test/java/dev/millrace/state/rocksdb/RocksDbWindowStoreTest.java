package dev.millrace.state.rocksdb;

import dev.millrace.state.conformance.WindowBytesStoreContract;
import dev.millrace.state.spi.StoreEngine;
import java.util.Map;

class RocksDbWindowStoreTest extends WindowBytesStoreContract {
  @Override
  protected StoreEngine newEngine() {
    return RocksDbStoreEngine.create(Map.of(RocksDbStoreEngine.TOTAL_MEMORY_BYTES, 8L << 20));
  }
}
