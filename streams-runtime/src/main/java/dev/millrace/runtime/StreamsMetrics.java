package dev.millrace.runtime;

/**
 * A snapshot of an application's counters, summed over its stream threads.
 *
 * @param recordsProcessed input records handed to the topology (including skipped ones)
 * @param recordsSkipped input records skipped by an error handler or by an operator (null keys in
 *     aggregations), each also logged
 * @param commits completed commits, counted per thread
 * @param commitLatencyAvgNanos average duration of a commit, 0 before the first
 * @param commitLatencyMaxNanos longest commit
 */
public record StreamsMetrics(long recordsProcessed, long recordsSkipped, long commits,
    long commitLatencyAvgNanos, long commitLatencyMaxNanos) {}
