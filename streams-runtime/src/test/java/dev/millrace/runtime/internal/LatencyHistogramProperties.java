package dev.millrace.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Percentiles from the histogram against the exact nearest-rank percentile of the samples. */
class LatencyHistogramProperties {

  @Property(tries = 200)
  void aPercentileIsAtMostAnEighthAboveTheExactOne(
      @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = 1L << 50) Long> samples,
      @ForAll @DoubleRange(min = 0.01, max = 1.0) double q) {
    LatencyHistogram h = new LatencyHistogram();
    samples.forEach(h::record);
    long[] sums = new long[LatencyHistogram.size()];
    h.addTo(sums);
    List<Long> sorted = new ArrayList<>(samples);
    sorted.sort(null);
    long exact = sorted.get((int) Math.ceil(q * sorted.size()) - 1);
    long got = LatencyHistogram.percentile(sums, q);
    assertTrue(got >= exact && got <= exact + exact / 8, "q=" + q + " exact " + exact + " got "
        + got);
  }

  @Property(tries = 200)
  void everyValueLiesInTheBucketWhoseBoundsSurroundIt(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long v) {
    int b = LatencyHistogram.bucket(v);
    assertTrue(v <= LatencyHistogram.upperBound(b));
    assertTrue(b == 0 || v > LatencyHistogram.upperBound(b - 1));
    assertTrue(b < LatencyHistogram.size());
  }

  @Test
  void histogramsOfSeveralThreadsAddUp() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    for (int i = 0; i < 99; i++) {
      a.record(1000);
    }
    b.record(1_000_000);
    long[] sums = new long[LatencyHistogram.size()];
    a.addTo(sums);
    b.addTo(sums);
    long p50 = LatencyHistogram.percentile(sums, 0.5);
    assertTrue(p50 >= 1000 && p50 <= 1125, "p50 " + p50);
    assertTrue(LatencyHistogram.percentile(sums, 1.0) >= 1_000_000);
    assertEquals(0, LatencyHistogram.percentile(new long[LatencyHistogram.size()], 0.5));
    assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.percentile(sums, 0));
  }
}
