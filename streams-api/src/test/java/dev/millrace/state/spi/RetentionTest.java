package dev.millrace.state.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class RetentionTest {
  @Provide
  Arbitrary<Long> anyTime() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.longs().between(-100, 100),
        Arbitraries.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, 0L));
  }

  @Property(tries = 300)
  void expiryIsExactArithmeticWithoutOverflow(
      @ForAll("anyTime") long timestamp,
      @ForAll("anyTime") long streamTime,
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long retentionMs) {
    Retention r = new Retention(retentionMs, 1);
    // Long.MIN_VALUE is "no stream time yet": nothing expires then.
    boolean expected = streamTime != Long.MIN_VALUE
        && BigInteger.valueOf(timestamp).compareTo(
            BigInteger.valueOf(streamTime).subtract(BigInteger.valueOf(retentionMs))) <= 0;
    assertEquals(expected, r.isExpired(timestamp, streamTime),
        timestamp + " at stream time " + streamTime + " with retention " + retentionMs);
  }

  @Example
  void theBoundaryIsRetentionBehindStreamTime() {
    Retention r = new Retention(20, 7);
    assertTrue(r.isExpired(80, 100));
    assertEquals(false, r.isExpired(81, 100));
    assertEquals(81, r.firstLiveTimestamp(100));
  }

  @Example
  void defaultSegmentsAreHalfTheRetentionButAtLeastAMinute() {
    assertEquals(new Retention(86_400_000, 43_200_000), Retention.of(86_400_000));
    assertEquals(new Retention(1000, 60_000), Retention.of(1000));
  }

  @Example
  void invalidArgumentsAreRejectedNamingThem() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Retention(0, 1))
        .getMessage().contains("retentionMs"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Retention(1, -5))
        .getMessage().contains("segmentIntervalMs"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Retention.of(-1))
        .getMessage().contains("retentionMs"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new SessionKey(Bytes.wrap(new byte[0]), 10, 9)).getMessage().contains("before its start"));
  }
}
