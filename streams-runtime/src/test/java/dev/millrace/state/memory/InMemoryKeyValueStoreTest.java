package dev.millrace.state.memory;

import dev.millrace.state.conformance.KeyValueBytesStoreContract;
import dev.millrace.state.spi.StoreEngine;

class InMemoryKeyValueStoreTest extends KeyValueBytesStoreContract {
  @Override
  protected StoreEngine newEngine() {
    return new InMemoryStoreEngine();
  }
}
