package dev.millrace.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class LatencyProbeTest {
  private static final List<InputRecord> PROBES =
      InputGenerator.generate(50, 10, 2, 1);

  @Test
  void everyEchoedProbeIsOneSampleMeasuredFromItsSendTime() throws Exception {
    ConcurrentLinkedQueue<byte[]> sent = new ConcurrentLinkedQueue<>();
    LatencyProbe.Result r = LatencyProbe.measure(PROBES, (record, stamp) -> sent.add(stamp),
        sink -> {
          // Each output becomes visible 2 ms after its send.
          for (byte[] s; (s = sent.peek()) != null
              && System.nanoTime() - LatencyProbe.unstamp(s) >= 2_000_000; ) {
            sink.accept(LatencyProbe.unstamp(sent.poll()));
          }
        }, 100_000, 50_000_000);
    assertEquals(50, r.samples());
    assertTrue(r.p50Ms() >= 2 && r.p99Ms() >= r.p50Ms(), r.toString());
  }

  @Test
  void noProbedOutputMeansNoFigure() throws Exception {
    LatencyProbe.Result r = LatencyProbe.measure(PROBES, (record, stamp) -> { }, sink -> { },
        100_000, 10_000_000);
    assertEquals(0, r.samples());
    assertTrue(Double.isNaN(r.p50Ms()) && Double.isNaN(r.p99Ms()));
  }

  @Test
  void aFailingSenderFailsTheMeasurement() {
    assertThrows(IllegalStateException.class, () -> LatencyProbe.measure(PROBES,
        (record, stamp) -> {
          throw new IllegalStateException("log closed");
        }, sink -> { }, 100_000, 10_000_000));
  }

  @Test
  void percentilesAreNearestRank() {
    long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertEquals(5, LatencyProbe.percentile(sorted, 0.50));
    assertEquals(10, LatencyProbe.percentile(sorted, 0.99));
    assertEquals(7, LatencyProbe.percentile(new long[] {7}, 0.99));
  }
}
