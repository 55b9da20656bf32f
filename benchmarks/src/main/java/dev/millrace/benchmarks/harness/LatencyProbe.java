package dev.millrace.benchmarks.harness;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Measures end-to-end latency in a running application once its throughput run is verified:
 * probe records are appended at a steady rate, each carrying the {@link System#nanoTime()} of
 * its send in a header; both systems copy an input record's headers to the outputs it causes, so
 * a reader of the output topics (read_committed) sees how long each took from append to visible
 * output. Outputs whose update was collapsed by a cache carry the headers of the last record
 * folded in, so every sample is a real append-to-visible time.
 */
final class LatencyProbe {
  /** Header carrying the probe's send time, 8 bytes big-endian nanoTime. */
  static final String HEADER = "harness.sent.nanos";
  /** Default number of probes: 4 s of probing. */
  static final int DEFAULT_PROBES = 2_000;
  /** One probe every 2 ms: a steady 500 records/s, far below either system's capacity. */
  static final long INTERVAL_NANOS = 2_000_000;
  private static final long QUIET_NANOS = 3_000_000_000L;

  /** Appends one record with the given header value and returns once it is appended. */
  interface Sender {
    void send(InputRecord record, byte[] sentNanos) throws Exception;
  }

  /** Reads what output is there now, handing the send time of each probed output record. */
  interface Reader {
    void poll(LongConsumer sentNanos) throws Exception;
  }

  /** What the probe measured. */
  record Result(double p50Ms, double p99Ms, int samples) {}

  private LatencyProbe() {}

  static byte[] stamp(long nanos) {
    return ByteBuffer.allocate(8).putLong(nanos).array();
  }

  static long unstamp(byte[] bytes) {
    return ByteBuffer.wrap(bytes).getLong();
  }

  /**
   * Sends {@code probes} paced by {@link #INTERVAL_NANOS} from a second thread while this thread
   * reads; stops reading once sending is done and no probed output arrived for 3 s. Outputs that
   * never arrive simply give no sample; the caller reports how many samples there were.
   */
  static Result measure(List<InputRecord> probes, Sender sender, Reader reader) throws Exception {
    return measure(probes, sender, reader, INTERVAL_NANOS, QUIET_NANOS);
  }

  static Result measure(List<InputRecord> probes, Sender sender, Reader reader,
      long intervalNanos, long quietNanos) throws Exception {
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread feeder = new Thread(() -> {
      try {
        long next = System.nanoTime();
        for (InputRecord r : probes) {
          long wait = next - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          sender.send(r, stamp(System.nanoTime()));
          next += intervalNanos;
        }
      } catch (Exception e) {
        failure.set(e);
      } finally {
        sending.set(false);
      }
    }, "latency-probe");
    feeder.start();
    long[] samples = new long[4 * probes.size()];
    int[] count = {0};
    long[] lastSample = {System.nanoTime()};
    LongConsumer sink = sent -> {
      long now = System.nanoTime();
      if (count[0] < samples.length) {
        samples[count[0]++] = now - sent;
      }
      lastSample[0] = now;
    };
    while (sending.get() || System.nanoTime() - lastSample[0] < quietNanos) {
      reader.poll(sink);
    }
    feeder.join();
    if (failure.get() != null) {
      throw failure.get();
    }
    if (count[0] == 0) {
      return new Result(Double.NaN, Double.NaN, 0);
    }
    long[] sorted = Arrays.copyOf(samples, count[0]);
    Arrays.sort(sorted);
    return new Result(percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, count[0]);
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
