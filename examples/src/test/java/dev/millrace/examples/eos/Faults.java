package dev.millrace.examples.eos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which call of the wrapped log and stores fails: the {@code failAt}-th counted call
 * (1-based). Every state-changing call counts twice, once before it reaches the real log or
 * store ({@code "... before"}) and once after it returned ({@code "... after"}), so a failure can
 * fall on either side of it; reads are not counted (their number depends on timing).
 *
 * <p>{@link Mode#CRASH} stands for the process dying: from the failing call on, every call of
 * every wrapper throws, so the abandoned instance can change nothing more, whatever its threads
 * still try. {@link Mode#FAIL_ONCE} throws at that call only; the application sees an ordinary
 * error and cleans up (aborting its transaction, closing its stores).
 */
final class Faults {
  enum Mode { CRASH, FAIL_ONCE }

  /**
   * The injected failure. Without a stack trace: every run of the sweep fails on purpose and the
   * runtime logs each failure; the message says where it was injected.
   */
  static final class InjectedFault extends RuntimeException {
    InjectedFault(String message) {
      super(message, null, false, false);
    }
  }

  private final long failAt;
  private final Mode mode;
  private final AtomicLong calls = new AtomicLong();
  private volatile boolean crashed;
  private volatile String site;
  private final List<AutoCloseable> opened = new ArrayList<>();

  Faults(long failAt, Mode mode) {
    this.failAt = failAt;
    this.mode = mode;
  }

  /** A state-changing call (one side of it). */
  void count(String op) {
    passive(op);
    if (calls.incrementAndGet() == failAt) {
      site = op;
      crashed = mode == Mode.CRASH;
      throw new InjectedFault("injected " + mode + " at call " + failAt + ": " + op);
    }
  }

  /** Any other call: fails only after a crash. */
  void passive(String op) {
    if (crashed) {
      throw new InjectedFault("process is dead (" + op + ")");
    }
  }

  /** Where the failure was injected, or null if the run never got that far. */
  String site() {
    return site;
  }

  boolean crashed() {
    return crashed;
  }

  /** Remembers a real resource the dead process held (what the OS would release). */
  synchronized void opened(AutoCloseable resource) {
    opened.add(resource);
  }

  /**
   * Releases what the dead process held, bypassing the wrappers, as the operating system does
   * for a killed process (RocksDB's lock file, for one): data already written stays.
   */
  synchronized void releaseAsTheOsWould() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
  }
}
