/**
 * The Processor API: custom processing steps with access to state stores, record metadata and
 * punctuation, plugged into a DSL topology with
 * {@link dev.millrace.streams.kstream.KStream#process}.
 */
package dev.millrace.streams.processor;
