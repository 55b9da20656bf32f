package dev.millrace.streams.internal;

/**
 * A table update as it travels between table operators: the key's new value and the value it
 * replaces (either may be null: an insert has no old value, a deletion no new value).
 */
public record Change<V>(V newValue, V oldValue) {}
