package dev.millrace.state.memory;

import dev.millrace.state.conformance.SessionBytesStoreContract;
import dev.millrace.state.spi.StoreEngine;

class InMemorySessionStoreTest extends SessionBytesStoreContract {
  @Override
  protected StoreEngine newEngine() {
    return new InMemoryStoreEngine();
  }
}
