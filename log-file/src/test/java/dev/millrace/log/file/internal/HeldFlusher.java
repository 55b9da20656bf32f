package dev.millrace.log.file.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A flusher that holds every flush back until the test runs it: the state of a log whose sealed
 * segments have not reached the disk yet, made deterministic.
 */
final class HeldFlusher implements Executor {
  private final List<Runnable> held = new ArrayList<>();

  @Override
  public synchronized void execute(Runnable flush) {
    held.add(flush);
  }

  synchronized int held() {
    return held.size();
  }

  /** Runs the flushes held so far, in the order they were asked for. */
  void runHeld() {
    List<Runnable> now;
    synchronized (this) {
      now = new ArrayList<>(held);
      held.clear();
    }
    now.forEach(Runnable::run);
  }
}
