package dev.millrace.log.memory.internal;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.UnknownTopicOrPartitionException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link dev.millrace.log.Log#awaitReadable} without polling: the waiting thread registers with
 * each partition and parks; every publication on those partitions unparks it to re-check.
 *
 * <p>No wake-up is lost: the waiter registers (a volatile write) before checking, and a writer
 * publishes (a volatile write) before looking for waiters, so one of them always sees the other.
 */
public final class PartitionAwait {
  private PartitionAwait() {}

  public static boolean await(MemoryStore store, Map<TopicPartition, Long> positions,
      IsolationLevel isolation, Duration timeout) {
    Objects.requireNonNull(positions, "positions");
    Objects.requireNonNull(isolation, "isolation");
    Objects.requireNonNull(timeout, "timeout");
    if (positions.isEmpty()) {
      throw new IllegalArgumentException("positions must not be empty");
    }
    PartitionLog[] logs = new PartitionLog[positions.size()];
    long[] from = new long[logs.length];
    int i = 0;
    for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
      TopicPartition tp = Objects.requireNonNull(e.getKey(), "positions contains a null partition");
      Long position = Objects.requireNonNull(e.getValue(), () -> "position of " + tp + " is null");
      if (position < 0) {
        throw new IllegalArgumentException("position of " + tp + " must be >= 0, got " + position);
      }
      logs[i] = store.partition(tp);
      from[i] = position;
      i++;
    }
    if (readable(logs, from, isolation)) {
      return true;
    }
    long timeoutNanos = saturatedNanos(timeout);
    if (timeoutNanos <= 0) {
      return false;
    }
    long start = System.nanoTime();
    Thread self = Thread.currentThread();
    for (PartitionLog log : logs) {
      log.addWaiter(self);
    }
    try {
      while (true) {
        store.ensureOpen();
        for (PartitionLog log : logs) {
          if (log.isDeleted()) {
            throw new UnknownTopicOrPartitionException(
                log.id() + " was deleted while awaiting records");
          }
        }
        if (readable(logs, from, isolation)) {
          return true;
        }
        if (self.isInterrupted()) {
          return false;
        }
        long remaining = timeoutNanos - (System.nanoTime() - start);
        if (remaining <= 0) {
          return false;
        }
        LockSupport.parkNanos(store, remaining);
      }
    } finally {
      for (PartitionLog log : logs) {
        log.removeWaiter(self);
      }
    }
  }

  private static boolean readable(PartitionLog[] logs, long[] from, IsolationLevel isolation) {
    for (int i = 0; i < logs.length; i++) {
      if (logs[i].readableEnd(isolation) > from[i]) {
        return true;
      }
    }
    return false;
  }

  private static long saturatedNanos(Duration timeout) {
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return timeout.isNegative() ? 0 : Long.MAX_VALUE;
    }
  }
}
