package dev.millrace.state.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.Retention;
import dev.millrace.state.spi.SessionBytesStore;
import dev.millrace.state.spi.SessionKey;
import dev.millrace.state.spi.StoreContext;
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
 * The contract of {@link SessionBytesStore}, checked against a brute-force reference: a map of
 * every live session, filtered and sorted per query. An engine's test class extends this and
 * supplies {@link #newEngine()}.
 */
public abstract class SessionBytesStoreContract extends EngineContract {
  static final Retention RETENTION = new Retention(25, 8);

  static final Comparator<SessionKey> BY_END_THEN_START =
      Comparator.comparingLong(SessionKey::end).thenComparingLong(SessionKey::start);

  record Query(Bytes key, long earliestEnd, long latestStart) {}

  @Provide
  Arbitrary<List<Map<SessionKey, byte[]>>> commits() {
    Arbitrary<SessionKey> session = Combinators.combine(
            Generators.keys(2), Arbitraries.longs().between(-10, 80), Arbitraries.longs().between(0, 15))
        .as((k, start, length) -> new SessionKey(k, start, start + length));
    return Generators.writes(session, 0.2, 10).list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<List<Query>> queries() {
    return Generators.timeQueries(-15, 100, Query::new);
  }

  @Property(tries = 100)
  void findSessionsMatchesTheBruteForceReferenceAfterEveryCommit(
      @ForAll("commits") List<Map<SessionKey, byte[]>> commits,
      @ForAll("queries") List<Query> queries) {
    StoreContext context = fixture.newContext();
    TimedModel<SessionKey> model = new TimedModel<>(RETENTION, SessionKey::end, BY_END_THEN_START);
    long checkpoint = 0;
    try (SessionBytesStore store = fixture.engine().openSessionStore(context, RETENTION)) {
      assertEquals(RETENTION, store.retention());
      for (Map<SessionKey, byte[]> writes : commits) {
        checkpoint += 3;
        store.commit(writes, checkpoint);
        model.apply(writes);
        assertEquals(checkpoint, store.checkpoint());
        assertMatches(model, queries, store);
      }
    }
    try (SessionBytesStore reopened = fixture.engine().openSessionStore(context, RETENTION)) {
      if (reopened.persistent()) {
        assertEquals(checkpoint, reopened.checkpoint(), "checkpoint after reopen");
        assertMatches(model, queries, reopened);
      } else {
        assertEquals(SessionBytesStore.NO_CHECKPOINT, reopened.checkpoint());
        assertEquals(SessionBytesStore.NO_STREAM_TIME, reopened.streamTime());
      }
    }
  }

  @Example
  void sessionsFallOutOfRetentionByTheirEnd() {
    Bytes k = Bytes.wrap(new byte[] {7});
    try (SessionBytesStore store = fixture.engine().openSessionStore(fixture.newContext(), RETENTION)) {
      SessionKey early = new SessionKey(k, 0, 5);
      SessionKey longer = new SessionKey(k, 0, 30);
      store.commit(Map.of(early, new byte[] {1}, longer, new byte[] {2}), 1);
      assertEquals(30, store.streamTime());
      // 30 - 25 = 5: a session ending at 5 is expired, one ending at 30 is not.
      assertNull(store.fetchSession(early));
      assertEquals(List.of(Entry.of(longer, new byte[] {2})),
          Entry.drain(store.findSessions(k, Long.MIN_VALUE, Long.MAX_VALUE)));
      // Removing and merging in one commit.
      SessionKey merged = new SessionKey(k, 0, 40);
      Map<SessionKey, byte[]> writes = new HashMap<>();
      writes.put(longer, null);
      writes.put(merged, new byte[] {3});
      store.commit(writes, 2);
      assertEquals(List.of(Entry.of(merged, new byte[] {3})),
          Entry.drain(store.findSessions(k, 35, 35)));
      assertNull(store.fetchSession(longer));
    }
  }

  @Example
  void aKeyThatExtendsAnotherKeyDoesNotLeakIntoItsSessions() {
    Bytes shorter = Bytes.wrap(new byte[] {1});
    Bytes longer = Bytes.wrap(new byte[] {1, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0});
    Retention forever = new Retention(Long.MAX_VALUE, 100);
    try (SessionBytesStore store = fixture.engine().openSessionStore(fixture.newContext(), forever)) {
      SessionKey a = new SessionKey(shorter, 1, 4);
      SessionKey b = new SessionKey(longer, 2, 3);
      SessionKey c = new SessionKey(shorter, 6, 9);
      store.commit(Map.of(a, new byte[] {1}, b, new byte[] {2}, c, new byte[] {3}), 1);
      assertEquals(List.of(Entry.of(a, new byte[] {1}), Entry.of(c, new byte[] {3})),
          Entry.drain(store.findSessions(shorter, 0, 10)));
      assertEquals(List.of(Entry.of(b, new byte[] {2})), Entry.drain(store.findSessions(longer, 0, 10)));
    }
  }

  @Example
  void aCommitThatFailsMidwayAppliesNothing() {
    Bytes k = Bytes.wrap(new byte[] {1});
    SessionKey first = new SessionKey(k, 1, 5);
    try (SessionBytesStore store = fixture.engine().openSessionStore(fixture.newContext(), RETENTION)) {
      store.commit(Map.of(first, new byte[] {5}), 1);
      Map<SessionKey, byte[]> writes = new java.util.LinkedHashMap<>();
      writes.put(first, null);
      for (long t = 6; t < 100; t += 10) {
        writes.put(new SessionKey(k, t, t + 2), new byte[] {(byte) t});
      }
      assertThrows(RuntimeException.class, () -> store.commit(new FailingMap<>(writes, 4), 2));
      assertEquals(1, store.checkpoint());
      assertEquals(5, store.streamTime());
      assertEquals(List.of(Entry.of(first, new byte[] {5})),
          Entry.drain(store.findSessions(k, Long.MIN_VALUE, Long.MAX_VALUE)));
    }
  }

  @Example
  void aNegativeCheckpointIsRejected() {
    try (SessionBytesStore store = fixture.engine().openSessionStore(fixture.newContext(), RETENTION)) {
      assertThrows(IllegalArgumentException.class, () -> store.commit(
          Map.of(new SessionKey(Bytes.wrap(new byte[] {1}), 1, 2), new byte[] {1}), -2));
      assertEquals(SessionBytesStore.NO_CHECKPOINT, store.checkpoint());
      assertEquals(SessionBytesStore.NO_STREAM_TIME, store.streamTime());
    }
  }

  private static void assertMatches(
      TimedModel<SessionKey> model, List<Query> queries, SessionBytesStore store) {
    assertEquals(model.streamTime(), store.streamTime(), "streamTime()");
    for (Query q : queries) {
      List<Entry<SessionKey>> expected = model.live(s -> s.key().equals(q.key())
          && s.end() >= q.earliestEnd() && s.start() <= q.latestStart());
      assertEquals(expected, Entry.drain(store.findSessions(q.key(), q.earliestEnd(), q.latestStart())),
          "findSessions(" + q + ")");
    }
    // fetchAll promises no order: compare under one total order
    Comparator<Entry<SessionKey>> total = Comparator
        .comparing((Entry<SessionKey> e) -> e.key(), BY_END_THEN_START)
        .thenComparing(e -> e.key().key());
    List<Entry<SessionKey>> live = new ArrayList<>(model.live(s -> true));
    List<Entry<SessionKey>> all = new ArrayList<>(Entry.drain(store.fetchAll()));
    live.sort(total);
    all.sort(total);
    assertEquals(live, all, "fetchAll()");
    model.assertPointReads("fetchSession", store::fetchSession);
  }
}
