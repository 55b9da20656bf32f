package dev.millrace.state.conformance;

import dev.millrace.state.spi.StoreEngine;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * What every contract suite shares: each property gets a fresh engine from {@link #newEngine()} and
 * a scratch directory for its stores, both closed and deleted after the property.
 */
abstract class EngineContract {
  StoreFixture fixture;

  /** A new engine with test-sized settings; the suite closes it after each property. */
  protected abstract StoreEngine newEngine();

  @BeforeProperty
  void openEngine() {
    fixture = new StoreFixture(newEngine());
  }

  @AfterProperty
  void closeEngine() {
    fixture.close();
  }
}
