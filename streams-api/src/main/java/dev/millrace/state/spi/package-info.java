/**
 * The state store SPI: what a storage engine (in-memory, RocksDB) implements so that the runtime
 * can keep task state in it without knowing the engine.
 *
 * <p>Engines work on bytes ({@link dev.millrace.state.spi.KeyValueBytesStore}); typing, caching
 * and changelogging are the runtime's job. The contract that makes exactly-once recovery cheap is
 * {@link dev.millrace.state.spi.KeyValueBytesStore#commit}: a commit's writes and the store's
 * checkpoint (the changelog offset they reach) are applied in one atomic step, so a store can never
 * hold state from beyond, or a torn part of, a commit.
 *
 * <p>Windowed and session state have their own byte stores,
 * {@link dev.millrace.state.spi.WindowBytesStore} and
 * {@link dev.millrace.state.spi.SessionBytesStore}, with the same commit contract plus a
 * {@link dev.millrace.state.spi.Retention retention} behind the store's stream time.
 *
 * <p>Engines are found with {@link java.util.ServiceLoader} as implementations of
 * {@link dev.millrace.state.spi.StoreEngine}, or passed to the runtime directly.
 */
package dev.millrace.state.spi;
