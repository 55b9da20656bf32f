/**
 * How the in-memory log works; not API. {@link dev.millrace.log.memory.internal.PartitionLog}
 * stores one partition and serves lock-free reads; transactions, epochs and group offsets sit
 * around it, all reached through {@link dev.millrace.log.memory.internal.MemoryStore}.
 */
package dev.millrace.log.memory.internal;
