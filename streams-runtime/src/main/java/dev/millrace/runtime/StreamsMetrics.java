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
 * @param commitLatencyP50Nanos median commit duration, 0 before the first; from a histogram with
 *     buckets 12.5% wide, so it may read up to 12.5% high (never above the maximum)
 * @param commitLatencyP99Nanos 99th percentile of commit durations, as the median
 */
public record StreamsMetrics(long recordsProcessed, long recordsSkipped, long commits,
    long commitLatencyAvgNanos, long commitLatencyMaxNanos, long commitLatencyP50Nanos,
    long commitLatencyP99Nanos) {}
