package dev.millrace.runtime.internal;

import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a {@link StreamLoop} on its own thread until stopped or failed. */
public final class StreamThread extends Thread {
  private static final Logger LOG = LoggerFactory.getLogger(StreamThread.class);
  private static final Duration MAX_WAIT = Duration.ofMillis(100);

  private final StreamLoop loop;
  private final Runnable onInitialized;
  private final Consumer<Throwable> onFailure;
  private volatile boolean running = true;

  public StreamThread(String name, StreamLoop loop, Runnable onInitialized,
      Consumer<Throwable> onFailure) {
    super(name);
    this.loop = loop;
    this.onInitialized = onInitialized;
    this.onFailure = onFailure;
    setDaemon(true);
  }

  public StreamLoop loop() {
    return loop;
  }

  /** Asks the thread to finish its round, commit and close its tasks. */
  public void shutdown() {
    running = false;
  }

  @Override
  public void run() {
    boolean initialized = false;
    try {
      loop.initialize();
      initialized = true;
      onInitialized.run();
      while (running) {
        if (loop.runOnce() == 0 && (!loop.hasBuffered() || loop.idling())) {
          loop.awaitInput(MAX_WAIT);
        }
      }
      loop.close(true);
    } catch (Throwable e) {
      LOG.error("stream thread {} failed", getName(), e);
      if (initialized) {
        try {
          loop.close(false);
        } catch (RuntimeException closeFailure) {
          e.addSuppressed(closeFailure);
        }
      }
      onFailure.accept(e);
    }
  }
}
