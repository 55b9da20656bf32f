package dev.millrace.state.spi;

import dev.millrace.state.KeyValueIterator;
import java.util.Map;

/**
 * A store of windowed values as bytes: one value per (record key, window start), kept for a
 * {@link Retention retention period} behind the store's stream time. One instance belongs to one
 * task and is changed from that task's thread only; reads and iterators may also come from query
 * threads.
 *
 * <h2>Time and expiry</h2>
 * The store's stream time is the largest window start ever committed to it ({@link
 * #streamTime()}). Windows with {@code start <= streamTime - retentionMs} are expired: reads never
 * return them, and commits ignore writes to them. Engines free expired data a whole segment of
 * {@link Retention#segmentIntervalMs()} at a time, so range reads touch only live segments.
 *
 * <h2>Commit and checkpoint</h2>
 * Exactly as for {@link KeyValueBytesStore#commit}: the writes and the checkpoint are applied in
 * one atomic step, and a store never holds state beyond, or torn from, a commit. The stream time
 * advances with the commit that carries the larger window start, atomically with it.
 */
public interface WindowBytesStore extends AutoCloseable {
  /** {@link #checkpoint()} of a store that never committed. */
  long NO_CHECKPOINT = KeyValueBytesStore.NO_CHECKPOINT;

  /** {@link #streamTime()} of a store that holds no window yet. */
  long NO_STREAM_TIME = Long.MIN_VALUE;

  /** The store's name. */
  String name();

  /** True if the data survives {@link #close()} and a process restart. */
  boolean persistent();

  /** The retention and segment interval the store was opened with. */
  Retention retention();

  /** The value of {@code key}'s window starting at {@code windowStart}, or null. */
  byte[] fetch(Bytes key, long windowStart);

  /**
   * {@code key}'s live windows with {@code timeFrom <= start <= timeTo}, ordered by window start.
   * Iterators are weakly consistent: they never fail because of a later commit, and may or may not
   * see it.
   */
  KeyValueIterator<WindowKey, byte[]> fetch(Bytes key, long timeFrom, long timeTo);

  /**
   * Every live window of every key with {@code timeFrom <= start <= timeTo}, each once, in an
   * unspecified order (engines keep data in the layout that serves {@link #fetch(Bytes, long,
   * long)} best). Weakly consistent like {@link #fetch(Bytes, long, long)}.
   */
  KeyValueIterator<WindowKey, byte[]> fetchAll(long timeFrom, long timeTo);

  /**
   * Applies {@code writes} (a null value deletes the window) and sets the checkpoint, atomically;
   * see {@link KeyValueBytesStore#commit}. Writes to windows that are expired at the stream time
   * reached by this commit are ignored.
   *
   * @param writes never null; may be empty (checkpoint only)
   * @param checkpoint {@code >= 0}: the changelog offset the store now reflects, exclusive
   * @throws IllegalArgumentException if {@code checkpoint < 0}; nothing is applied
   * @throws StoreException if the write fails; the store then still holds its previous state
   */
  void commit(Map<WindowKey, byte[]> writes, long checkpoint);

  /** The checkpoint of the last commit, or {@link #NO_CHECKPOINT}. */
  long checkpoint();

  /** The largest window start ever committed, or {@link #NO_STREAM_TIME}. */
  long streamTime();

  /** See {@link KeyValueBytesStore#beginRestore(long)}. */
  default void beginRestore(long expectedRecords) {}

  /** See {@link KeyValueBytesStore#endRestore()}. */
  default void endRestore() {}

  /** Releases the store's resources; persistent data stays. Idempotent. */
  @Override
  void close();
}
