/**
 * The runtime: {@link dev.millrace.runtime.Streams} runs a topology over a
 * {@link dev.millrace.log.Log} with stream threads, tasks, record caches, changelogged stores and
 * at-least-once commits. {@code dev.millrace.runtime.internal} holds the machinery and is not an
 * API.
 */
package dev.millrace.runtime;
