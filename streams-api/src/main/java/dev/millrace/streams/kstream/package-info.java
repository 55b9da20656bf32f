/**
 * The DSL: {@link dev.millrace.streams.kstream.KStream} (a stream of independent records),
 * {@link dev.millrace.streams.kstream.KTable} (a changelog read as a table), their groupings and
 * aggregations, the small immutable configuration objects ({@code Consumed}, {@code Produced},
 * {@code Grouped}, {@code Materialized}, {@code Named}, {@code Repartitioned}, {@code Branched})
 * and the functional interfaces the operators take.
 */
package dev.millrace.streams.kstream;
