/**
 * State stores as processors see them: typed, named key-value stores
 * ({@link dev.millrace.state.KeyValueStore}) reached through the processor context, and the
 * choice between persistent and in-memory storage ({@link dev.millrace.state.StoreType}).
 * The SPI that storage engines implement is in {@link dev.millrace.state.spi}.
 */
package dev.millrace.state;
