package dev.millrace.state.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.StoreType;
import dev.millrace.state.spi.Bytes;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.streams.KeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The contract of {@link KeyValueBytesStore}, checked against a reference model (a {@link TreeMap}
 * in unsigned byte order). An engine's test class extends this and supplies {@link #newEngine()}.
 */
public abstract class KeyValueBytesStoreContract extends EngineContract {
  /** Writes of one commit; a null value deletes. */
  record Commit(Map<Bytes, byte[]> writes) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("{");
      writes.forEach((k, v) -> sb.append(k).append('=').append(v == null ? "DEL" : Bytes.wrap(v)).append(' '));
      return sb.append('}').toString();
    }
  }

  /** A range query; null bounds are unbounded. */
  record Bounds(Bytes from, Bytes to) {}

  @Provide
  Arbitrary<List<Commit>> commits() {
    return Generators.writes(Generators.keys(3), 0.25, 12).map(Commit::new)
        .list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<List<Bounds>> bounds() {
    Arbitrary<Bytes> bound = Generators.keys(3).injectNull(0.2);
    return Combinators.combine(bound, bound).as(Bounds::new).list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<Bytes>> prefixes() {
    return Generators.keys(2).list().ofMinSize(1).ofMaxSize(3);
  }

  @Property(tries = 100)
  void readsMatchTheReferenceModelAfterEveryCommit(
      @ForAll("commits") List<Commit> commits,
      @ForAll("bounds") List<Bounds> bounds,
      @ForAll("prefixes") List<Bytes> prefixes) {
    StoreContext context = fixture.newContext();
    NavigableMap<Bytes, byte[]> model = new TreeMap<>();
    Set<Bytes> touched = new HashSet<>();
    long checkpoint = 0;
    try (KeyValueBytesStore store = fixture.engine().openKeyValueStore(context)) {
      for (Commit commit : commits) {
        checkpoint += 1 + commit.writes().size();
        store.commit(commit.writes(), checkpoint);
        apply(model, commit.writes());
        touched.addAll(commit.writes().keySet());
        assertEquals(checkpoint, store.checkpoint());
        assertMatches(model, touched, bounds, prefixes, store);
      }
    }
    try (KeyValueBytesStore reopened = fixture.engine().openKeyValueStore(context)) {
      if (reopened.persistent()) {
        assertEquals(checkpoint, reopened.checkpoint(), "checkpoint after reopen");
        assertMatches(model, touched, bounds, prefixes, reopened);
      } else {
        assertEquals(KeyValueBytesStore.NO_CHECKPOINT, reopened.checkpoint());
        assertEquals(List.of(), Entry.drain(reopened.all()), "in-memory store reopens empty");
      }
    }
  }

  @Property(tries = 60)
  void openIteratorsSurviveLaterCommitsAndSeeEachKeyOnce(
      @ForAll("commits") List<Commit> before, @ForAll("commits") List<Commit> after) {
    NavigableMap<Bytes, byte[]> oldState = new TreeMap<>();
    try (KeyValueBytesStore store = fixture.engine().openKeyValueStore(fixture.newContext())) {
      long checkpoint = 0;
      for (Commit c : before) {
        store.commit(c.writes(), ++checkpoint);
        apply(oldState, c.writes());
      }
      NavigableMap<Bytes, byte[]> newState = new TreeMap<>(oldState);
      List<Entry<Bytes>> seen;
      try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
        // Start the iteration, then commit under it.
        List<Entry<Bytes>> head = new ArrayList<>();
        if (it.hasNext()) {
          KeyValue<Bytes, byte[]> first = it.next();
          head.add(Entry.of(first.key(), first.value()));
        }
        for (Commit c : after) {
          store.commit(c.writes(), ++checkpoint);
          apply(newState, c.writes());
        }
        seen = new ArrayList<>(head);
        while (it.hasNext()) {
          KeyValue<Bytes, byte[]> kv = it.next();
          seen.add(Entry.of(kv.key(), kv.value()));
        }
      }
      Bytes previous = null;
      for (Entry<Bytes> e : seen) {
        assertTrue(previous == null || previous.compareTo(e.key()) < 0,
            "keys strictly increasing: " + previous + " then " + e.key());
        previous = e.key();
        Bytes oldValue = wrap(oldState.get(e.key()));
        Bytes newValue = wrap(newState.get(e.key()));
        assertTrue(e.value().equals(oldValue) || e.value().equals(newValue),
            "entry " + e + " is neither the old value " + oldValue + " nor the new " + newValue);
      }
      Set<Bytes> seenKeys = new HashSet<>();
      seen.forEach(e -> seenKeys.add(e.key()));
      for (Map.Entry<Bytes, byte[]> stable : oldState.entrySet()) {
        byte[] now = newState.get(stable.getKey());
        if (now != null && java.util.Arrays.equals(now, stable.getValue())) {
          assertTrue(seenKeys.contains(stable.getKey()),
              "key untouched by the later commits is missing: " + stable.getKey());
        }
      }
      assertMatches(newState, newState.keySet(), List.of(new Bounds(null, null)), List.of(), store);
    }
  }

  @Example
  void aNewStoreIsEmptyAndHasNoCheckpoint() {
    StoreContext context = fixture.newContext();
    try (KeyValueBytesStore store = fixture.engine().openKeyValueStore(context)) {
      assertEquals(context.storeName(), store.name());
      assertEquals(fixture.engine().type() == StoreType.PERSISTENT, store.persistent());
      assertEquals(KeyValueBytesStore.NO_CHECKPOINT, store.checkpoint());
      assertNull(store.get(Bytes.wrap(new byte[] {1})));
      assertEquals(0, store.approximateNumEntries());
      try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
      }
    }
  }

  @Example
  void aCheckpointOnlyCommitMovesTheCheckpointAndKeepsTheData() {
    try (KeyValueBytesStore store = fixture.engine().openKeyValueStore(fixture.newContext())) {
      store.commit(Map.of(key(1), new byte[] {9}), 5);
      store.commit(Map.of(), 8);
      assertEquals(8, store.checkpoint());
      assertEquals(Bytes.wrap(new byte[] {9}), wrap(store.get(key(1))));
    }
  }

  @Example
  void aNegativeCheckpointIsRejectedAndNothingIsApplied() {
    try (KeyValueBytesStore store = fixture.engine().openKeyValueStore(fixture.newContext())) {
      store.commit(Map.of(key(1), new byte[] {1}), 3);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> store.commit(Map.of(key(2), new byte[] {2}), -4));
      assertTrue(e.getMessage().contains("-4"), e.getMessage());
      assertEquals(3, store.checkpoint());
      assertNull(store.get(key(2)));
    }
  }

  @Example
  void aCommitThatFailsMidwayAppliesNothing() {
    try (KeyValueBytesStore store = fixture.engine().openKeyValueStore(fixture.newContext())) {
      store.commit(Map.of(key(1), new byte[] {1}), 4);
      Map<Bytes, byte[]> writes = new java.util.LinkedHashMap<>();
      writes.put(key(1), null);
      for (int i = 2; i < 10; i++) {
        writes.put(key(i), new byte[] {(byte) i});
      }
      assertThrows(RuntimeException.class, () -> store.commit(new FailingMap<>(writes, 5), 5));
      assertEquals(4, store.checkpoint());
      assertEquals(List.of(Entry.of(key(1), new byte[] {1})), Entry.drain(store.all()));
    }
  }

  @Example
  void theStoreDoesNotKeepTheWritesMap() {
    try (KeyValueBytesStore store = fixture.engine().openKeyValueStore(fixture.newContext())) {
      Map<Bytes, byte[]> writes = new HashMap<>();
      writes.put(key(1), new byte[] {1});
      store.commit(writes, 1);
      writes.put(key(2), new byte[] {2});
      writes.clear();
      assertEquals(List.of(Entry.of(key(1), new byte[] {1})), Entry.drain(store.all()));
    }
  }

  @Example
  void approximateCountIsExactForFreshDistinctPuts() {
    try (KeyValueBytesStore store = fixture.engine().openKeyValueStore(fixture.newContext())) {
      Map<Bytes, byte[]> writes = new HashMap<>();
      for (int i = 0; i < 50; i++) {
        writes.put(key(i), new byte[] {(byte) i});
      }
      store.commit(writes, 1);
      assertEquals(50, store.approximateNumEntries());
    }
  }

  @Example
  void destroyDeletesTheDataAndCheckpoint() {
    StoreContext context = fixture.newContext();
    try (KeyValueBytesStore store = fixture.engine().openKeyValueStore(context)) {
      store.commit(Map.of(key(1), new byte[] {1}), 7);
    }
    fixture.engine().destroy(context);
    try (KeyValueBytesStore store = fixture.engine().openKeyValueStore(context)) {
      assertEquals(KeyValueBytesStore.NO_CHECKPOINT, store.checkpoint());
      assertNull(store.get(key(1)));
    }
  }

  @Example
  void closeIsIdempotentAndIteratorsCloseTwice() {
    KeyValueBytesStore store = fixture.engine().openKeyValueStore(fixture.newContext());
    store.commit(Map.of(key(1), new byte[] {1}), 1);
    KeyValueIterator<Bytes, byte[]> it = store.all();
    it.close();
    it.close();
    store.close();
    store.close();
  }

  static Bytes key(int i) {
    return Bytes.wrap(new byte[] {(byte) (i >>> 8), (byte) i});
  }

  static Bytes wrap(byte[] b) {
    return b == null ? null : Bytes.wrap(b);
  }

  static void apply(NavigableMap<Bytes, byte[]> model, Map<Bytes, byte[]> writes) {
    writes.forEach((k, v) -> {
      if (v == null) {
        model.remove(k);
      } else {
        model.put(k, v);
      }
    });
  }

  private static void assertMatches(
      NavigableMap<Bytes, byte[]> model,
      Set<Bytes> touched,
      List<Bounds> bounds,
      List<Bytes> prefixes,
      KeyValueBytesStore store) {
    for (Bytes k : touched) {
      assertEquals(wrap(model.get(k)), wrap(store.get(k)), "get(" + k + ")");
    }
    assertEquals(entries(model), Entry.drain(store.all()), "all()");
    for (Bounds b : bounds) {
      NavigableMap<Bytes, byte[]> expected;
      if (b.from() != null && b.to() != null && b.from().compareTo(b.to()) > 0) {
        expected = new TreeMap<>();
      } else if (b.from() == null && b.to() == null) {
        expected = model;
      } else if (b.from() == null) {
        expected = model.headMap(b.to(), true);
      } else if (b.to() == null) {
        expected = model.tailMap(b.from(), true);
      } else {
        expected = model.subMap(b.from(), true, b.to(), true);
      }
      assertEquals(entries(expected), Entry.drain(store.range(b.from(), b.to())),
          "range(" + b.from() + ", " + b.to() + ")");
    }
    for (Bytes prefix : prefixes) {
      List<Entry<Bytes>> expected = new ArrayList<>();
      model.forEach((k, v) -> {
        if (k.startsWith(prefix)) {
          expected.add(Entry.of(k, v));
        }
      });
      assertEquals(expected, Entry.drain(store.prefixScan(prefix)), "prefixScan(" + prefix + ")");
    }
  }

  private static List<Entry<Bytes>> entries(Map<Bytes, byte[]> map) {
    List<Entry<Bytes>> out = new ArrayList<>();
    map.forEach((k, v) -> out.add(Entry.of(k, v)));
    return out;
  }
}
