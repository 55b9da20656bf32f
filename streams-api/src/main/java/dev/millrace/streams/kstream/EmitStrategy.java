package dev.millrace.streams.kstream;

/**
 * When a windowed aggregation emits its results.
 *
 * <ul>
 *   <li>{@link #onWindowUpdate()} (the default): every change of a window's aggregate goes
 *       downstream, collapsed by the record cache like any table.
 *   <li>{@link #onWindowClose()}: exactly one record per window and key, with the final aggregate,
 *       when the window closes (stream time passes its end plus grace). Open windows wait in the
 *       window store; only their keys are indexed in memory, at most {@code maxOpenWindows} of
 *       them. When that bound is exceeded, {@link WhenFull#FAIL} raises a processing error (handled
 *       by the configured processing error handler) naming the store, and {@link
 *       WhenFull#EMIT_EARLY} emits the open windows that close soonest at once with their current
 *       value; a window emitted early that changes again is emitted again when it closes.
 * </ul>
 *
 * Updates carry the headers of the record that changed the window (or, collapsed, of the last
 * one); final results those of the record whose arrival closed the window, as in Kafka Streams.
 */
public final class EmitStrategy {
  /** What {@link #onWindowClose(long, WhenFull)} does when too many windows are open. */
  public enum WhenFull {
    FAIL,
    EMIT_EARLY
  }

  private static final EmitStrategy UPDATE = new EmitStrategy(false, 0, WhenFull.FAIL);

  private final boolean onClose;
  private final long maxOpenWindows;
  private final WhenFull whenFull;

  private EmitStrategy(boolean onClose, long maxOpenWindows, WhenFull whenFull) {
    this.onClose = onClose;
    this.maxOpenWindows = maxOpenWindows;
    this.whenFull = whenFull;
  }

  public static EmitStrategy onWindowUpdate() {
    return UPDATE;
  }

  /** Final results only, with no bound on open windows. */
  public static EmitStrategy onWindowClose() {
    return new EmitStrategy(true, Long.MAX_VALUE, WhenFull.FAIL);
  }

  /** Final results only, with at most {@code maxOpenWindows} windows open per task. */
  public static EmitStrategy onWindowClose(long maxOpenWindows, WhenFull whenFull) {
    if (maxOpenWindows <= 0) {
      throw new IllegalArgumentException("maxOpenWindows must be > 0, got " + maxOpenWindows);
    }
    if (whenFull == null) {
      throw new NullPointerException("whenFull");
    }
    return new EmitStrategy(true, maxOpenWindows, whenFull);
  }

  public boolean emitsOnClose() {
    return onClose;
  }

  public long maxOpenWindows() {
    return maxOpenWindows;
  }

  public WhenFull whenFull() {
    return whenFull;
  }
}
