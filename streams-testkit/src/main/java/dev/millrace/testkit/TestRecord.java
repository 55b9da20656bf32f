package dev.millrace.testkit;

import dev.millrace.log.Header;
import java.util.List;

/**
 * A record read from an output topic by a {@link TestOutputTopic}.
 *
 * @param key the deserialized key, or null
 * @param value the deserialized value, or null
 * @param timestamp the record timestamp in ms
 * @param headers the record headers
 */
public record TestRecord<K, V>(K key, V value, long timestamp, List<Header> headers) {}
