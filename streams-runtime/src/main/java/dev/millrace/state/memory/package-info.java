/**
 * The in-memory storage engine: key-value, window and session stores on concurrent skip lists,
 * found through {@link java.util.ServiceLoader} as the {@code IN_MEMORY} engine.
 */
package dev.millrace.state.memory;
