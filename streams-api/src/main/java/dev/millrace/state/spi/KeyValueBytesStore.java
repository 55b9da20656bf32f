package dev.millrace.state.spi;

import dev.millrace.state.KeyValueIterator;
import java.util.Map;

/**
 * A key-value store of bytes, as a storage engine provides it to the runtime. One instance belongs
 * to one task and is called from that task's thread only, except {@link #get} and the iterators,
 * which may also be used by query threads.
 *
 * <p>Keys are ordered unsigned-lexicographically ({@link Bytes#compareTo}).
 *
 * <h2>Commit and checkpoint</h2>
 * The store changes only through {@link #commit(Map, long)}, which applies a batch of writes
 * together with a checkpoint, the changelog offset up to which the store now reflects the
 * changelog, in one atomic step: after a crash at any instant, the store holds either the state
 * before the commit with the old checkpoint, or the state after it with the new checkpoint.
 * The runtime compares {@link #checkpoint()} with the changelog to decide whether to replay the
 * changelog's tail, nothing, or everything.
 */
public interface KeyValueBytesStore extends AutoCloseable {
  /** {@link #checkpoint()} of a store that never committed. */
  long NO_CHECKPOINT = -1L;

  /** The store's name. */
  String name();

  /** True if the data survives {@link #close()} and a process restart. */
  boolean persistent();

  /** The value of {@code key}, or null. */
  byte[] get(Bytes key);

  /**
   * Entries with {@code from <= key <= to}, in key order; a null bound is unbounded. Iterators
   * are weakly consistent: they never fail because of a later commit, and may or may not see it.
   */
  KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to);

  /** Every entry, in key order. */
  KeyValueIterator<Bytes, byte[]> all();

  /** Entries whose key starts with {@code prefix}, in key order. */
  KeyValueIterator<Bytes, byte[]> prefixScan(Bytes prefix);

  /** An estimate of the number of entries. */
  long approximateNumEntries();

  /**
   * Applies {@code writes} (a null value deletes the key) and sets the checkpoint to
   * {@code checkpoint}, atomically. Durable stores make the result durable before returning
   * unless they can prove the changelog covers it (the runtime relies only on atomicity).
   *
   * <p>The store does not keep {@code writes} but may keep its value arrays: callers must not
   * modify them afterwards.
   *
   * @param writes never null; may be empty (checkpoint only)
   * @param checkpoint {@code >= 0}: the changelog offset the store now reflects, exclusive
   * @throws IllegalArgumentException if {@code checkpoint < 0}; nothing is applied
   * @throws StoreException if the write fails; the store then still holds its previous state
   */
  void commit(Map<Bytes, byte[]> writes, long checkpoint);

  /** The checkpoint of the last commit, or {@link #NO_CHECKPOINT}. */
  long checkpoint();

  /**
   * Hint that the runtime is about to replay {@code expectedRecords} changelog records into this
   * store through {@link #commit}; engines may switch to bulk-loading settings until
   * {@link #endRestore()}.
   */
  default void beginRestore(long expectedRecords) {}

  /** Ends a restore begun with {@link #beginRestore(long)}. */
  default void endRestore() {}

  /** Releases the store's resources; persistent data stays. Idempotent. */
  @Override
  void close();
}
