/**
 * The runtime: {@link dev.millrace.runtime.Streams} runs a topology over a
 * {@link dev.millrace.log.Log} with stream threads, tasks, record caches, changelogged stores and
 * exactly-once commits (one log transaction per task and commit; at-least-once on request). {@code dev.millrace.runtime.internal} holds the machinery and is not an
 * API.
 */
package dev.millrace.runtime;
