package dev.millrace.state.memory;

/** Checks shared by the in-memory stores. */
final class StoreState {
  private StoreState() {}

  static void checkCheckpoint(String store, long checkpoint) {
    if (checkpoint < 0) {
      throw new IllegalArgumentException(
          "checkpoint must be >= 0, got " + checkpoint + " for store " + store);
    }
  }

  static void checkOpen(boolean open, String store) {
    if (!open) {
      throw new IllegalStateException("in-memory store " + store + " is closed");
    }
  }
}
