/**
 * The Log SPI: the seam that makes Millrace's storage pluggable.
 *
 * <p>A {@link dev.millrace.log.Log} stores named topics split into partitions; each partition is an
 * append-only sequence of records addressed by dense offsets. The SPI is shaped so that Apache
 * Kafka's semantics map onto it one to one: the same notions of high watermark, last stable
 * offset, transaction markers that occupy an offset, {@code read_committed} isolation, consumer
 * group offsets committed inside a transaction, and producer fencing by epoch.
 *
 * <p>Implementations: {@code log-inmemory} (tests, demos), {@code log-file} (durable, the embedded
 * default), and later a Kafka adapter. Every implementation passes the abstract conformance suite in
 * the {@code log-conformance} module unchanged.
 */
package dev.millrace.log;
