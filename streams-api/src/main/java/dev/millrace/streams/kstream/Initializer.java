package dev.millrace.streams.kstream;

/**
 * The aggregate of a key before any record arrived, e.g. {@code () -> 0L}.
 *
 * @param <VA> the aggregate type
 */
@FunctionalInterface
public interface Initializer<VA> {
  VA apply();
}
