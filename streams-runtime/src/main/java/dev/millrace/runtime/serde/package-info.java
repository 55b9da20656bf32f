/** Serdes that need a library: {@link dev.millrace.runtime.serde.KryoSerde}. */
package dev.millrace.runtime.serde;
