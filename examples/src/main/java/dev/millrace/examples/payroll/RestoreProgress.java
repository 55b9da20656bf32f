package dev.millrace.examples.payroll;

import dev.millrace.log.TopicPartition;
import dev.millrace.streams.StateRestoreListener;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shows store restoration on the console: a line per store restored (records restored out of the
 * changelog span replayed, and how long it took), with intermediate lines for long restorations.
 * A restoration that restored no record (a store level with its changelog but for a transaction
 * marker) prints nothing, so a clean restart is silent.
 */
final class RestoreProgress implements StateRestoreListener {
  private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

  /** One store of one task being restored; touched by the stream thread restoring it only. */
  private static final class Restoring {
    final long span;
    final long began = System.nanoTime();
    long restored;
    long lastPrinted = began;

    Restoring(long span) {
      this.span = span;
    }
  }

  private final PrintStream out;
  private final Map<TopicPartition, Restoring> restoring = new ConcurrentHashMap<>();

  RestoreProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onRestoreStart(String storeName, TopicPartition changelog, long startOffset,
      long endOffset) {
    restoring.put(changelog, new Restoring(endOffset - startOffset));
  }

  @Override
  public void onBatchRestored(String storeName, TopicPartition changelog, long batchEndOffset,
      long recordsRestored) {
    Restoring r = restoring.get(changelog);
    r.restored += recordsRestored;
    long now = System.nanoTime();
    if (now - r.lastPrinted >= PROGRESS_EVERY_NANOS) {
      r.lastPrinted = now;
      out.printf("restoring store '%s' from %s: %,d / %,d records%n", storeName, changelog,
          r.restored, r.span);
    }
  }

  @Override
  public void onRestoreEnd(String storeName, TopicPartition changelog, long totalRestored) {
    Restoring r = restoring.remove(changelog);
    if (totalRestored > 0) {
      out.printf("restored store '%s' from %s: %,d / %,d records in %.1f s%n", storeName,
          changelog, totalRestored, r.span, (System.nanoTime() - r.began) / 1e9);
    }
  }
}
