/**
 * Entry points of the DSL: {@link dev.millrace.streams.StreamsBuilder} builds an immutable
 * {@link dev.millrace.streams.Topology}; {@link dev.millrace.streams.StreamsConfig} configures an
 * application that runs it (see {@code dev.millrace.runtime.Streams} in streams-runtime).
 * The operators are in {@link dev.millrace.streams.kstream}, custom processing in
 * {@link dev.millrace.streams.processor}. {@code dev.millrace.streams.internal} is the builder's
 * implementation, shared with the runtime and not an API.
 */
package dev.millrace.streams;
