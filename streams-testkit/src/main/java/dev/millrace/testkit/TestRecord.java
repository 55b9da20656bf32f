package dev.millrace.testkit;

import dev.millrace.log.Header;
import java.util.List;

/**
 * A record piped into a {@link TestInputTopic} or read from a {@link TestOutputTopic}.
 *
 * @param key the deserialized key, or null
 * @param value the deserialized value, or null
 * @param timestamp the record timestamp in ms
 * @param headers the record headers, never null
 */
public record TestRecord<K, V>(K key, V value, long timestamp, List<Header> headers) {}
