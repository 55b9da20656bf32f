/**
 * RocksDB storage engine: key-value, window and session stores whose commits write data and
 * checkpoint in one atomic {@code WriteBatch}, with one memory budget shared by all stores of the
 * process. Use {@link dev.millrace.state.rocksdb.RocksDbStoreEngine}, or put this module on the
 * class path and let {@link java.util.ServiceLoader} find it as the {@code PERSISTENT} engine.
 * See the module's README for the on-disk layout, memory defaults and crash semantics.
 */
package dev.millrace.state.rocksdb;
