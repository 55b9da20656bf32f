package dev.millrace.streams.processor;

/**
 * Gives each input record of a source its timestamp, e.g. an event time carried in the value.
 * The result drives windowing, stream time and the timestamps of derived records. A negative
 * result means the record has no usable time: it goes to the deserialization error handler with
 * its topic, partition and offset, like a record whose log timestamp is missing.
 *
 * <p>Example: {@code Consumed.with(...).withTimestampExtractor((k, payslip, logTime) ->
 * payslip.paidAtMs())}.
 *
 * @param <K> the source's key type
 * @param <V> the source's value type
 */
@FunctionalInterface
public interface TimestampExtractor<K, V> {
  /**
   * @param key the deserialized key (may be null)
   * @param value the deserialized value (may be null)
   * @param recordTimestamp the timestamp stored with the record in the log, -1 if it has none
   * @return the record's timestamp in epoch milliseconds; negative if it has none
   */
  long extract(K key, V value, long recordTimestamp);
}
