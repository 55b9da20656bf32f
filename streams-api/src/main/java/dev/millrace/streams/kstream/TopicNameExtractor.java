package dev.millrace.streams.kstream;

/**
 * Chooses the output topic of each record, for {@link KStream#to(TopicNameExtractor, Produced)}.
 * The topic must exist; a record for a missing topic goes to the production error handler.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface TopicNameExtractor<K, V> {
  /** @return the name of an existing topic, never null */
  String extract(K key, V value);
}
