package dev.millrace.state.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.WindowBytesStore;
import dev.millrace.state.spi.WindowKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The contract of {@link WindowBytesStore}, checked against a brute-force reference: a map of
 * every live window, filtered and sorted per query. An engine's test class extends this and
 * supplies {@link #newEngine()}.
 */
public abstract class WindowBytesStoreContract extends EngineContract {
  /** Small retention and an interval that does not divide it, so expiry crosses segments. */
  static final Retention RETENTION = new Retention(20, 7);

  static final Comparator<WindowKey> BY_START_THEN_KEY =
      Comparator.comparingLong(WindowKey::windowStart).thenComparing(WindowKey::key);

  record Query(Bytes key, long from, long to) {}

  @Provide
  Arbitrary<List<Map<WindowKey, byte[]>>> commits() {
    Arbitrary<WindowKey> window = Combinators.combine(
            Generators.keys(2), Arbitraries.longs().between(-10, 80))
        .as(WindowKey::new);
    return Generators.writes(window, 0.2, 10).list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<List<Query>> queries() {
    return Generators.timeQueries(-15, 85, Query::new);
  }

  @Property(tries = 100)
  void fetchesMatchTheBruteForceReferenceAfterEveryCommit(
      @ForAll("commits") List<Map<WindowKey, byte[]>> commits,
      @ForAll("queries") List<Query> queries) {
    StoreContext context = fixture.newContext();
    TimedModel<WindowKey> model = new TimedModel<>(RETENTION, WindowKey::windowStart, BY_START_THEN_KEY);
    long checkpoint = 0;
    try (WindowBytesStore store = fixture.engine().openWindowStore(context, RETENTION)) {
      assertEquals(RETENTION, store.retention());
      for (Map<WindowKey, byte[]> writes : commits) {
        checkpoint += 2;
        store.commit(writes, checkpoint);
        model.apply(writes);
        assertEquals(checkpoint, store.checkpoint());
        assertMatches(model, queries, store);
      }
    }
    try (WindowBytesStore reopened = fixture.engine().openWindowStore(context, RETENTION)) {
      if (reopened.persistent()) {
        assertEquals(checkpoint, reopened.checkpoint(), "checkpoint after reopen");
        assertMatches(model, queries, reopened);
      } else {
        assertEquals(WindowBytesStore.NO_CHECKPOINT, reopened.checkpoint());
        assertEquals(WindowBytesStore.NO_STREAM_TIME, reopened.streamTime());
        assertEquals(List.of(), Entry.drain(reopened.fetchAll(Long.MIN_VALUE, Long.MAX_VALUE)));
      }
    }
  }

  @Example
  void windowsFallOutOfRetentionAsStreamTimeAdvances() {
    Bytes k = Bytes.wrap(new byte[] {1});
    try (WindowBytesStore store = fixture.engine().openWindowStore(fixture.newContext(), RETENTION)) {
      assertEquals(WindowBytesStore.NO_STREAM_TIME, store.streamTime());
      store.commit(Map.of(new WindowKey(k, 0), new byte[] {0}, new WindowKey(k, 10), new byte[] {10}), 1);
      assertEquals(10, store.streamTime());
      // Stream time 20: window 0 is exactly retention behind and expires; 10 stays.
      store.commit(Map.of(new WindowKey(k, 20), new byte[] {20}), 2);
      assertNull(store.fetch(k, 0));
      assertEquals(List.of(10L, 20L), starts(store, k));
      // A late write to an expired window is ignored; stream time never moves backwards.
      store.commit(Map.of(new WindowKey(k, 0), new byte[] {1}), 3);
      assertNull(store.fetch(k, 0));
      assertEquals(20, store.streamTime());
      // Far ahead: everything older expires, whole segments at a time internally.
      store.commit(Map.of(new WindowKey(k, 1000), new byte[] {1}), 4);
      assertEquals(List.of(1000L), starts(store, k));
      assertEquals(1, Entry.drain(store.fetchAll(Long.MIN_VALUE, Long.MAX_VALUE)).size());
    }
  }

  @Example
  void aKeyThatExtendsAnotherKeyDoesNotLeakIntoItsFetch() {
    // Engines that lay out [key][timestamp] must not mistake [1][0x80 0 0 0 0 0 0 0] at time 3
    // for windows of key [1]: its bytes sort between [1]+time 0 and [1]+time 10.
    Bytes shorter = Bytes.wrap(new byte[] {1});
    Bytes longer = Bytes.wrap(new byte[] {1, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0});
    Retention forever = new Retention(Long.MAX_VALUE, 100);
    try (WindowBytesStore store = fixture.engine().openWindowStore(fixture.newContext(), forever)) {
      store.commit(Map.of(
          new WindowKey(shorter, 2), new byte[] {1},
          new WindowKey(longer, 3), new byte[] {2},
          new WindowKey(shorter, 7), new byte[] {3}), 1);
      assertEquals(List.of(2L, 7L), starts(store, shorter, 0, 10));
      assertEquals(List.of(3L), starts(store, longer, 0, 10));
      assertEquals(3, Entry.drain(store.fetchAll(0, 10)).size());
    }
  }

  @Example
  void negativeAndLargeTimestampsKeepTheirOrder() {
    Bytes k = Bytes.wrap(new byte[] {1});
    Retention huge = new Retention(Long.MAX_VALUE, 1L << 40);
    long[] starts = {-(1L << 50), -1, 0, 1, 1L << 50};
    try (WindowBytesStore store = fixture.engine().openWindowStore(fixture.newContext(), huge)) {
      Map<WindowKey, byte[]> writes = new HashMap<>();
      for (long start : starts) {
        writes.put(new WindowKey(k, start), new byte[] {(byte) start});
      }
      store.commit(writes, 1);
      assertEquals(List.of(-(1L << 50), -1L, 0L, 1L, 1L << 50), starts(store, k));
      assertEquals(List.of(-1L, 0L), starts(store, k, -1, 0));
    }
  }

  @Example
  void aCommitThatFailsMidwayAppliesNothing() {
    Bytes k = Bytes.wrap(new byte[] {1});
    try (WindowBytesStore store = fixture.engine().openWindowStore(fixture.newContext(), RETENTION)) {
      store.commit(Map.of(new WindowKey(k, 5), new byte[] {5}), 1);
      Map<WindowKey, byte[]> writes = new java.util.LinkedHashMap<>();
      writes.put(new WindowKey(k, 5), null);
      for (long t = 6; t < 100; t += 10) {
        writes.put(new WindowKey(k, t), new byte[] {(byte) t});
      }
      assertThrows(RuntimeException.class, () -> store.commit(new FailingMap<>(writes, 4), 2));
      assertEquals(1, store.checkpoint());
      assertEquals(5, store.streamTime());
      assertEquals(List.of(5L), starts(store, k));
    }
  }

  @Example
  void aNegativeCheckpointIsRejected() {
    try (WindowBytesStore store = fixture.engine().openWindowStore(fixture.newContext(), RETENTION)) {
      assertThrows(IllegalArgumentException.class,
          () -> store.commit(Map.of(new WindowKey(Bytes.wrap(new byte[] {1}), 5), new byte[] {1}), -1));
      assertEquals(WindowBytesStore.NO_CHECKPOINT, store.checkpoint());
      assertEquals(WindowBytesStore.NO_STREAM_TIME, store.streamTime());
    }
  }

  @Example
  void destroyDeletesTheWindows() {
    StoreContext context = fixture.newContext();
    Bytes k = Bytes.wrap(new byte[] {1});
    try (WindowBytesStore store = fixture.engine().openWindowStore(context, RETENTION)) {
      store.commit(Map.of(new WindowKey(k, 3), new byte[] {1}), 1);
    }
    fixture.engine().destroy(context);
    try (WindowBytesStore store = fixture.engine().openWindowStore(context, RETENTION)) {
      assertEquals(WindowBytesStore.NO_CHECKPOINT, store.checkpoint());
      assertNull(store.fetch(k, 3));
    }
  }

  private static List<Long> starts(WindowBytesStore store, Bytes key) {
    return starts(store, key, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  private static List<Long> starts(WindowBytesStore store, Bytes key, long from, long to) {
    List<Long> out = new ArrayList<>();
    for (Entry<WindowKey> e : Entry.drain(store.fetch(key, from, to))) {
      out.add(e.key().windowStart());
    }
    return out;
  }

  private static void assertMatches(
      TimedModel<WindowKey> model, List<Query> queries, WindowBytesStore store) {
    assertEquals(model.streamTime(), store.streamTime(), "streamTime()");
    for (Query q : queries) {
      List<Entry<WindowKey>> expected = model.live(k -> k.key().equals(q.key())
          && k.windowStart() >= q.from() && k.windowStart() <= q.to());
      assertEquals(expected, Entry.drain(store.fetch(q.key(), q.from(), q.to())),
          "fetch(" + q.key() + ", " + q.from() + ", " + q.to() + ")");

      List<Entry<WindowKey>> expectedAll = model.live(
          k -> k.windowStart() >= q.from() && k.windowStart() <= q.to());
      List<Entry<WindowKey>> actualAll = Entry.drain(store.fetchAll(q.from(), q.to()));
      actualAll.sort(Comparator.comparing(Entry::key, BY_START_THEN_KEY));
      assertEquals(expectedAll, actualAll, "fetchAll(" + q.from() + ", " + q.to() + ")");
    }
    model.assertPointReads("fetch", k -> store.fetch(k.key(), k.windowStart()));
  }
}
