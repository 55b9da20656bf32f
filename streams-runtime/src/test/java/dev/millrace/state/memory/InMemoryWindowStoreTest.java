package dev.millrace.state.memory;

import dev.millrace.state.conformance.WindowBytesStoreContract;
import dev.millrace.state.spi.StoreEngine;

class InMemoryWindowStoreTest extends WindowBytesStoreContract {
  @Override
  protected StoreEngine newEngine() {
    return new InMemoryStoreEngine();
  }
}
