package dev.millrace.log.memory;

import dev.millrace.log.Log;
import dev.millrace.log.conformance.ClientConformanceSuite;

class InMemoryClientConformanceTest extends ClientConformanceSuite {
  @Override
  protected Log createLog() {
    return InMemoryLog.create();
  }
}
