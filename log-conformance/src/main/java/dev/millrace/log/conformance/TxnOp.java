package dev.millrace.log.conformance;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * One step of the transactional model property: what a random mix of plain producers, two
 * transactional ids (one of which may be re-initialized, fencing its old writer) and a consumer
 * group do to a topic. Transactional appends and offsets begin a transaction if the writer has
 * none open, so that most runs commit and abort real transactions; an explicit begin, commit or
 * abort that is invalid in the current state is kept, and the log must reject it exactly as the
 * model predicts.
 */
sealed interface TxnOp {
  /** A non-transactional append of {@code count} records. */
  record PlainAppend(int partition, int count) implements TxnOp {}

  record Begin(int writer) implements TxnOp {}

  /** A transactional append; begins a transaction first if none is open. */
  record TxnAppend(int writer, int partition, int count) implements TxnOp {}

  /** sendOffsetsToTransaction for the model's group; begins a transaction first if none is open. */
  record AddOffsets(int writer, int partition, long offset) implements TxnOp {}

  record Commit(int writer) implements TxnOp {}

  record Abort(int writer) implements TxnOp {}

  /** initTransactions again for the writer's id: fences the current writer. */
  record Reinit(int writer) implements TxnOp {}

  /** The most recently fenced writer of that id tries to append. */
  record ZombieAppend(int writer, int partition) implements TxnOp {}

  /** A plain commitOffsets for the model's group. */
  record CommitOffsets(int partition, long offset) implements TxnOp {}

  /** deleteRecordsBefore a point between the beginning and the last stable offset, in 1/1000. */
  record DeleteBefore(int partition, int permille) implements TxnOp {}

  static Arbitrary<TxnOp> arbitrary(int partitions, int writers) {
    Arbitrary<Integer> p = Arbitraries.integers().between(0, partitions - 1);
    Arbitrary<Integer> w = Arbitraries.integers().between(0, writers - 1);
    Arbitrary<Integer> n = Arbitraries.integers().between(1, 3);
    Arbitrary<Long> o = Arbitraries.longs().between(0, 50);
    return Arbitraries.frequencyOf(
        Tuple.of(4, Combinators.combine(p, n).as((a, b) -> (TxnOp) new PlainAppend(a, b))),
        Tuple.of(1, w.map(a -> (TxnOp) new Begin(a))),
        Tuple.of(8, Combinators.combine(w, p, n).as((a, b, c) -> (TxnOp) new TxnAppend(a, b, c))),
        Tuple.of(2, Combinators.combine(w, p, o).as((a, b, c) -> (TxnOp) new AddOffsets(a, b, c))),
        Tuple.of(3, w.map(a -> (TxnOp) new Commit(a))),
        Tuple.of(2, w.map(a -> (TxnOp) new Abort(a))),
        Tuple.of(1, w.map(a -> (TxnOp) new Reinit(a))),
        Tuple.of(1, Combinators.combine(w, p).as((a, b) -> (TxnOp) new ZombieAppend(a, b))),
        Tuple.of(1, Combinators.combine(p, o).as((a, b) -> (TxnOp) new CommitOffsets(a, b))),
        Tuple.of(2, Combinators.combine(p, Arbitraries.integers().between(0, 1000))
            .as((a, b) -> (TxnOp) new DeleteBefore(a, b))));
  }
}
