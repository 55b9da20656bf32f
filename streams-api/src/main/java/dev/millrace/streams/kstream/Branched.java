package dev.millrace.streams.kstream;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One branch of {@link KStream#split()}: its name (the key of the branch in the map returned by
 * {@link BranchedKStream#defaultBranch()} or {@link BranchedKStream#noDefaultBranch()}, prefixed
 * by the split's name) and optionally a function or consumer applied to the branch's stream.
 * Immutable.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class Branched<K, V> {
  private final String name;
  private final Function<? super KStream<K, V>, ? extends KStream<K, V>> function;
  private final Consumer<? super KStream<K, V>> consumer;

  private Branched(String name, Function<? super KStream<K, V>, ? extends KStream<K, V>> function,
      Consumer<? super KStream<K, V>> consumer) {
    this.name = name;
    this.function = function;
    this.consumer = consumer;
  }

  /** A branch with this name. */
  public static <K, V> Branched<K, V> as(String name) {
    return new Branched<>(Named.as(name).name(), null, null);
  }

  /** A branch whose stream is transformed by {@code function}; the result goes in the map. */
  public static <K, V> Branched<K, V> withFunction(
      Function<? super KStream<K, V>, ? extends KStream<K, V>> function) {
    return new Branched<>(null, Objects.requireNonNull(function, "function"), null);
  }

  /** A branch whose stream is handed to {@code consumer}; the map gets no entry for it. */
  public static <K, V> Branched<K, V> withConsumer(Consumer<? super KStream<K, V>> consumer) {
    return new Branched<>(null, null, Objects.requireNonNull(consumer, "consumer"));
  }

  /** Same branch, named. */
  public Branched<K, V> withName(String name) {
    return new Branched<>(Named.as(name).name(), function, consumer);
  }

  /** The name, or null for the branch's position (1, 2, ...; 0 for the default branch). */
  public String name() {
    return name;
  }

  /** The function, or null. */
  public Function<? super KStream<K, V>, ? extends KStream<K, V>> function() {
    return function;
  }

  /** The consumer, or null. */
  public Consumer<? super KStream<K, V>> consumer() {
    return consumer;
  }
}
