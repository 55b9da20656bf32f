/**
 * The Log SPI held in memory: {@link dev.millrace.log.memory.InMemoryLog}, for tests, demos and
 * pipelines that need no durability.
 */
package dev.millrace.log.memory;
