package dev.millrace.state.rocksdb.internal;

/** Argument checks shared by the stores. */
final class Checks {
  private Checks() {}

  static void checkpoint(String store, long checkpoint) {
    if (checkpoint < 0) {
      throw new IllegalArgumentException(
          "checkpoint must be >= 0, got " + checkpoint + " for store " + store);
    }
  }
}
