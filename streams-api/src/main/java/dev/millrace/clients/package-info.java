/**
 * Plain producer and consumer clients over any {@link dev.millrace.log.Log}, shaped like Apache
 * Kafka's: {@link dev.millrace.clients.Producer} appends typed records in per-partition batches
 * (optionally in transactions), {@link dev.millrace.clients.Consumer} polls them from subscribed
 * topics or assigned partitions and commits a group's positions. Settings live in the immutable
 * {@link dev.millrace.clients.ProducerConfig} and {@link dev.millrace.clients.ConsumerConfig}.
 */
package dev.millrace.clients;
