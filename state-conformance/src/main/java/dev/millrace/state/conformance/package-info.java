/**
 * The state store SPI contract as abstract jqwik suites. An engine's tests extend each suite and
 * supply the engine; nothing else:
 *
 * <pre>{@code
 * class MyKeyValueStoreTest extends KeyValueBytesStoreContract {
 *   protected StoreEngine newEngine() { return new MyStoreEngine(); }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.millrace.state.conformance.KeyValueBytesStoreContract}: get, range with
 *       inclusive and null bounds, prefix scan, all, approximate count, checkpoints, commits that
 *       fail midway, iterators across later commits, and reopening (same state for persistent
 *       engines, empty for in-memory ones), against a {@code TreeMap} in unsigned byte order.
 *   <li>{@link dev.millrace.state.conformance.WindowBytesStoreContract} and
 *       {@link dev.millrace.state.conformance.SessionBytesStoreContract}: fetch / findSessions
 *       against brute-force filtering of every write, with retention and stream time.
 * </ul>
 * Each property opens a fresh engine and stores in a temporary directory, and closes and deletes
 * them afterwards.
 */
package dev.millrace.state.conformance;
