package dev.millrace.streams.kstream;

import java.util.Map;

/**
 * The branches of {@link KStream#split()}: each record goes to the first branch whose predicate
 * accepts it, else to the default branch, else nowhere. With predicates {@code v < 0} and
 * {@code v == 0} and a default branch, {@code -1, 0, 5} go to branches 1, 2 and 0.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface BranchedKStream<K, V> {
  /** Adds a branch named by its position. */
  BranchedKStream<K, V> branch(Predicate<? super K, ? super V> predicate);

  /** Adds a branch. */
  BranchedKStream<K, V> branch(Predicate<? super K, ? super V> predicate, Branched<K, V> branched);

  /** Ends the split with a default branch (key {@code <splitName>0}) and returns the branches. */
  Map<String, KStream<K, V>> defaultBranch();

  /** Ends the split with a configured default branch and returns the branches. */
  Map<String, KStream<K, V>> defaultBranch(Branched<K, V> branched);

  /** Ends the split; records no predicate accepts are dropped. Returns the branches. */
  Map<String, KStream<K, V>> noDefaultBranch();
}
