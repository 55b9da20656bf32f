package dev.millrace.streams.internal;

import java.util.List;

/**
 * What a stream-stream join buffers for one key and timestamp on one side: the values that
 * arrived there, in arrival order, and whether none of them has found a partner yet. The flag is
 * kept only for a side whose unmatched records a left or outer join must emit; it is how that
 * join remembers, persistently and through the store's changelog, which records still wait for a
 * null-partner result. Immutable.
 *
 * @param unmatched true while no record of the other side has joined these values
 * @param values non-empty, never modified after the buffer is stored
 */
record JoinBuffer<V>(boolean unmatched, List<V> values) {}
