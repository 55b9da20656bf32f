package dev.millrace.benchmarks.harness;

/**
 * One pre-generated input record, as appended to the input topic of either system.
 *
 * @param key the employee id
 * @param value a {@link SalaryEvent} in text form
 * @param timestamp the event time, milliseconds since the epoch
 */
public record InputRecord(String key, String value, long timestamp) {}
