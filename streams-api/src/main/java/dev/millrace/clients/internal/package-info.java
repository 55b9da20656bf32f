/**
 * How the clients work: the batching {@code LogProducer}, the polling {@code LogConsumer}, and
 * Kafka's murmur2 hash. Not API: reach them through {@link dev.millrace.clients.Producer#create}
 * and {@link dev.millrace.clients.Consumer#create}; they may change without notice.
 */
package dev.millrace.clients.internal;
