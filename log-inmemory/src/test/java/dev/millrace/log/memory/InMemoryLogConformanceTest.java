package dev.millrace.log.memory;

import dev.millrace.log.Log;
import dev.millrace.log.conformance.LogConformanceSuite;

/** The in-memory log against the whole Log contract. It is not durable: reopen stays empty. */
class InMemoryLogConformanceTest extends LogConformanceSuite {
  @Override
  protected Log createLog() {
    return InMemoryLog.create();
  }
}
