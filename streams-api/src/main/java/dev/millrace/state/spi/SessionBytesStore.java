package dev.millrace.state.spi;

import dev.millrace.state.KeyValueIterator;
import java.util.Map;

/**
 * A store of session values as bytes: one value per (record key, session start, session end),
 * kept for a {@link Retention retention period} behind the store's stream time. Threading as
 * for {@link WindowBytesStore}.
 *
 * <h2>Time and expiry</h2>
 * The store's stream time is the largest session end ever committed ({@link #streamTime()}).
 * Sessions with {@code end <= streamTime - retentionMs} are expired: never returned again, and
 * commits ignore writes to them. Engines group sessions into segments by end time and drop whole
 * segments.
 *
 * <h2>Commit and checkpoint</h2>
 * As for {@link KeyValueBytesStore#commit}: writes (a null value removes a session), checkpoint
 * and stream time change in one atomic step. Merging sessions is the operator's job: it removes
 * the merged sessions and writes the new one in the same commit.
 */
public interface SessionBytesStore extends AutoCloseable {
  /** {@link #checkpoint()} of a store that never committed. */
  long NO_CHECKPOINT = KeyValueBytesStore.NO_CHECKPOINT;

  /** {@link #streamTime()} of a store that holds no session yet. */
  long NO_STREAM_TIME = Long.MIN_VALUE;

  /** The store's name. */
  String name();

  /** True if the data survives {@link #close()} and a process restart. */
  boolean persistent();

  /** The retention and segment interval the store was opened with. */
  Retention retention();

  /** The value of exactly this session, or null. */
  byte[] fetchSession(SessionKey session);

  /**
   * {@code key}'s live sessions that overlap the range from {@code earliestSessionEnd} to {@code
   * latestSessionStart}: those with {@code end >= earliestSessionEnd} and {@code start <=
   * latestSessionStart}, ordered by end, then start. A session-window operator finds the sessions
   * a record at {@code t} merges with as {@code findSessions(key, t - gap, t + gap)}. Weakly
   * consistent: never fails because of a later commit, and may or may not see it.
   */
  KeyValueIterator<SessionKey, byte[]> findSessions(
      Bytes key, long earliestSessionEnd, long latestSessionStart);

  /**
   * Every live session of every key, each once, in an unspecified order: for start-up scans and
   * interactive queries, not for per-record work. Weakly consistent like {@link #findSessions}.
   */
  default KeyValueIterator<SessionKey, byte[]> fetchAll() {
    throw new UnsupportedOperationException(getClass().getName() + " cannot list all sessions");
  }

  /**
   * Applies {@code writes} (a null value removes the session) and sets the checkpoint,
   * atomically; see {@link KeyValueBytesStore#commit}. Writes to sessions that are expired at the
   * stream time reached by this commit are ignored.
   *
   * @param writes never null; may be empty (checkpoint only)
   * @param checkpoint {@code >= 0}: the changelog offset the store now reflects, exclusive
   * @throws IllegalArgumentException if {@code checkpoint < 0}; nothing is applied
   * @throws StoreException if the write fails; the store then still holds its previous state
   */
  void commit(Map<SessionKey, byte[]> writes, long checkpoint);

  /** The checkpoint of the last commit, or {@link #NO_CHECKPOINT}. */
  long checkpoint();

  /** The largest session end ever committed, or {@link #NO_STREAM_TIME}. */
  long streamTime();

  /** See {@link KeyValueBytesStore#beginRestore(long)}. */
  default void beginRestore(long expectedRecords) {}

  /** See {@link KeyValueBytesStore#endRestore()}. */
  default void endRestore() {}

  /** Releases the store's resources; persistent data stays. Idempotent. */
  @Override
  void close();
}
