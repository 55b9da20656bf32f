package dev.millrace.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.millrace.log.Header;
import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicPartition;
import dev.millrace.serialization.Serdes;
import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.memory.InMemoryStoreEngine;
import dev.millrace.state.spi.KeyValueBytesStore;
import dev.millrace.state.spi.StoreContext;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.kstream.Windowed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The typed store over its cache, pending writes and engine behaves like one sorted map, whatever
 * the cache size and wherever commits fall; the engine only ever holds committed state; the
 * changelog and the change listener see every value that left the cache, the listener with the
 * headers of the put that wrote it and the changelog without headers; and a read "as forwarded"
 * returns what the listener last reported.
 */
class TaskStoreProperties {
  enum Kind { PUT, DELETE, GET, RANGE, COMMIT }

  record Op(Kind kind, int key, int key2, Integer value, boolean withHeaders) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Kind> kinds = Arbitraries.frequency(
        net.jqwik.api.Tuple.of(6, Kind.PUT), net.jqwik.api.Tuple.of(2, Kind.DELETE),
        net.jqwik.api.Tuple.of(3, Kind.GET), net.jqwik.api.Tuple.of(2, Kind.RANGE),
        net.jqwik.api.Tuple.of(1, Kind.COMMIT));
    Arbitrary<Integer> keys = Arbitraries.integers().between(0, 30);
    return Combinators.combine(kinds, keys, keys, Arbitraries.integers().between(-5, 5),
        Arbitraries.of(true, false)).as(Op::new).list().ofMaxSize(120);
  }

  @Provide
  Arbitrary<Long> cacheSizes() {
    return Arbitraries.of(0L, 150L, 600L, 1L << 20);
  }

  /** A changelog sink that stores appended records and numbers them like a log. */
  static final class Recorder implements CommitSink {
    final List<LogRecord> changelog = new ArrayList<>();

    @Override
    public long append(TopicPartition partition, List<LogRecord> records) {
      long first = changelog.size();
      changelog.addAll(records);
      return first;
    }

    @Override
    public void commit(String groupId, Map<TopicPartition, Long> offsets) {}

    @Override
    public void close() {}
  }

  private static String k(int i) {
    return String.format("k%02d", i);
  }

  @Property(tries = 150)
  void behavesLikeASortedMap(@ForAll("ops") List<Op> ops, @ForAll("cacheSizes") long cache,
      @ForAll boolean sortedOverlay) {
    KeyValueBytesStore engine = new InMemoryStoreEngine().openKeyValueStore(
        new StoreContext("app", "0_0", "s", Path.of("unused")));
    StreamTask task = new StreamTask(new TaskId(0, 0), "app", null, () -> 0L, null);
    TopicPartition changelog = new TopicPartition("app-s-changelog", 0);
    TaskStore<String, Integer> store = new TaskStore<>("s", changelog.topic(), engine,
        Serdes.String().serializer(), Serdes.String().deserializer(),
        Serdes.Integer().serializer(), Serdes.Integer().deserializer(), changelog, cache, task,
        sortedOverlay);
    Recorder recorder = new Recorder();
    RecordCollector collector = new RecordCollector(recorder);
    // what downstream has seen, rebuilt from listener events (new value, reported old value)
    Map<String, Integer> downstream = new HashMap<>();
    // the headers of the last put of each key: those of the value the listener reports
    Map<String, List<Header>> lastHeaders = new HashMap<>();
    store.setChangeListener((key, n, o, ts, headers) -> {
      assertEquals(downstream.get(key), o, "old value reported for " + key);
      assertSame(lastHeaders.get(key), headers, "headers reported for " + key);
      if (n == null) {
        downstream.remove(key);
      } else {
        downstream.put(key, n);
      }
    });

    TreeMap<String, Integer> model = new TreeMap<>();
    TreeMap<String, Integer> committed = new TreeMap<>();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      String key = k(op.key());
      switch (op.kind()) {
        case PUT -> {
          List<Header> headers = op.withHeaders()
              ? List.of(new Header("op", new byte[] {(byte) i, (byte) (i >> 8)})) : List.of();
          lastHeaders.put(key, headers);
          store.put(key, op.value(), 1L, headers);
          model.put(key, op.value());
        }
        case DELETE -> {
          lastHeaders.put(key, List.of());
          assertEquals(model.remove(key), store.delete(key));
        }
        case GET -> {
          assertEquals(model.get(key), store.get(key));
          // what table-table joins read: the value downstream has seen, not the cached one
          Integer forwarded = store.getAsForwarded(key);
          assertEquals(downstream.get(key), forwarded, "value as forwarded of " + key);
        }
        case RANGE -> {
          String from = k(Math.min(op.key(), op.key2()));
          String to = k(Math.max(op.key(), op.key2()));
          assertEquals(new ArrayList<>(model.subMap(from, true, to, true).entrySet()),
              entries(store.range(from, to)));
          assertEquals(new ArrayList<>(model.entrySet()), entries(store.all()));
        }
        case COMMIT -> {
          store.flush();
          store.appendChangelog(collector);
          store.commitToEngine();
          committed = new TreeMap<>(model);
          assertEquals(model, downstream);
        }
      }
      // the engine holds exactly the last committed state
      TreeMap<String, Integer> inEngine = new TreeMap<>();
      try (KeyValueIterator<dev.millrace.state.spi.Bytes, byte[]> it = engine.all()) {
        it.forEachRemaining(kv -> inEngine.put(
            Serdes.String().deserializer().deserialize("t", kv.key().get()),
            Serdes.Integer().deserializer().deserialize("t", kv.value())));
      }
      assertEquals(committed, inEngine);
    }
    store.flush();
    store.appendChangelog(collector);
    store.commitToEngine();
    assertEquals(model, downstream);
    // replaying the changelog gives the final state, and the checkpoint points past it
    TreeMap<String, Integer> replayed = new TreeMap<>();
    for (LogRecord r : recorder.changelog) {
      assertEquals(List.of(), r.headers(), "changelog records carry no headers");
      String key = Serdes.String().deserializer().deserialize("t", r.key());
      Integer value = Serdes.Integer().deserializer().deserialize("t", r.value());
      if (value == null) {
        replayed.remove(key);
      } else {
        replayed.put(key, value);
      }
    }
    assertEquals(model, replayed);
    if (!recorder.changelog.isEmpty()) {
      assertEquals(recorder.changelog.size(), engine.checkpoint());
    }
  }

  record WindowOp(Kind kind, int key, int start, int start2, Integer value) {}

  @Provide
  Arbitrary<List<WindowOp>> windowOps() {
    Arbitrary<Kind> kinds = Arbitraries.frequency(
        net.jqwik.api.Tuple.of(6, Kind.PUT), net.jqwik.api.Tuple.of(2, Kind.DELETE),
        net.jqwik.api.Tuple.of(2, Kind.GET), net.jqwik.api.Tuple.of(3, Kind.RANGE),
        net.jqwik.api.Tuple.of(1, Kind.COMMIT));
    Arbitrary<Integer> starts = Arbitraries.integers().between(0, 12);
    return Combinators.combine(kinds, Arbitraries.integers().between(0, 3), starts, starts,
        Arbitraries.integers().between(-5, 5)).as(WindowOp::new).list().ofMaxSize(120);
  }

  /** Record keys of different lengths, one a prefix of another, so their entries interleave. */
  private static final List<String> RECORD_KEYS = List.of("a", "ab", "b", "");

  /**
   * A window store behind the task store (uncommitted keys sorted per record key) behaves like
   * one sorted map of window keys: ranges within one record key, across record keys and over
   * everything, wherever commits and evictions fall. Writes to absent keys alternate between
   * {@code put} and {@code putNew}, whose skipped read must not change the old values reported.
   */
  @Property(tries = 150)
  void windowLayoutBehavesLikeASortedMap(@ForAll("windowOps") List<WindowOp> ops,
      @ForAll("cacheSizes") long cache) {
    WindowStoreAdapter engine = (WindowStoreAdapter) WindowStoreAdapter.of(
        new InMemoryStoreEngine().openWindowStore(
            new StoreContext("app", "0_0", "w", Path.of("unused")),
            dev.millrace.state.spi.Retention.of(1_000_000)));
    StreamTask task = new StreamTask(new TaskId(0, 0), "app", null, () -> 0L, null);
    TopicPartition changelog = new TopicPartition("app-w-changelog", 0);
    var serde = new dev.millrace.streams.internal.WindowedKeySerde<>(Serdes.String(), 5);
    TaskStore<Windowed<String>, Integer> store = new TaskStore<>("w", changelog.topic(), engine,
        serde.serializer(), serde.deserializer(), Serdes.Integer().serializer(),
        Serdes.Integer().deserializer(), changelog, cache, task, true);
    RecordCollector collector = new RecordCollector(new Recorder());
    Map<Windowed<String>, Integer> downstream = new HashMap<>();
    store.setChangeListener((key, n, o, ts, headers) -> {
      assertEquals(downstream.get(key), o, "old value reported for " + key);
      if (n == null) {
        downstream.remove(key);
      } else {
        downstream.put(key, n);
      }
    });
    // ordered like the store: by the composite key bytes
    TreeMap<dev.millrace.state.spi.Bytes, Map.Entry<Windowed<String>, Integer>> model =
        new TreeMap<>();
    for (WindowOp op : ops) {
      Windowed<String> w = new Windowed<>(RECORD_KEYS.get(op.key()), op.start(), op.start() + 5);
      dev.millrace.state.spi.Bytes wb =
          dev.millrace.state.spi.Bytes.wrap(serde.serializer().serialize("t", w));
      switch (op.kind()) {
        case PUT -> {
          if (!model.containsKey(wb) && op.value() % 2 == 0) {
            store.putNew(w, op.value(), 1L, List.of());
          } else {
            store.put(w, op.value(), 1L);
          }
          model.put(wb, Map.entry(w, op.value()));
        }
        case DELETE -> {
          Map.Entry<Windowed<String>, Integer> old = model.remove(wb);
          assertEquals(old == null ? null : old.getValue(), store.delete(w));
        }
        case GET -> {
          Map.Entry<Windowed<String>, Integer> e = model.get(wb);
          assertEquals(e == null ? null : e.getValue(), store.get(w));
        }
        case RANGE -> {
          int lo = Math.min(op.start(), op.start2());
          int hi = Math.max(op.start(), op.start2());
          Windowed<String> from = new Windowed<>(w.key(), lo, lo + 5);
          Windowed<String> to = new Windowed<>(w.key(), hi, hi + 5);
          assertEquals(modelRange(model, serde, from, to), windowEntries(store.range(from, to)));
          Windowed<String> other = new Windowed<>(RECORD_KEYS.get((op.key() + 1) % 4), hi, hi + 5);
          Windowed<String> a = serde.serializer().serialize("t", from).length
              <= serde.serializer().serialize("t", other).length ? from : other;
          Windowed<String> b = a == from ? other : from;
          assertEquals(modelRange(model, serde, a, b), windowEntries(store.range(a, b)));
          assertEquals(new ArrayList<>(model.values()), windowEntries(store.all()));
        }
        case COMMIT -> {
          store.flush();
          store.appendChangelog(collector);
          store.commitToEngine();
          Map<Windowed<String>, Integer> expected = new HashMap<>();
          model.values().forEach(e -> expected.put(e.getKey(), e.getValue()));
          assertEquals(expected, downstream);
        }
      }
    }
  }

  private static List<Map.Entry<Windowed<String>, Integer>> modelRange(
      TreeMap<dev.millrace.state.spi.Bytes, Map.Entry<Windowed<String>, Integer>> model,
      dev.millrace.streams.internal.WindowedKeySerde<String> serde, Windowed<String> from,
      Windowed<String> to) {
    dev.millrace.state.spi.Bytes f =
        dev.millrace.state.spi.Bytes.wrap(serde.serializer().serialize("t", from));
    dev.millrace.state.spi.Bytes t =
        dev.millrace.state.spi.Bytes.wrap(serde.serializer().serialize("t", to));
    return f.compareTo(t) > 0 ? List.of() : new ArrayList<>(model.subMap(f, true, t, true).values());
  }

  private static List<Map.Entry<Windowed<String>, Integer>> windowEntries(
      KeyValueIterator<Windowed<String>, Integer> it) {
    List<Map.Entry<Windowed<String>, Integer>> out = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        KeyValue<Windowed<String>, Integer> kv = it.next();
        out.add(Map.entry(kv.key(), kv.value()));
      }
    }
    return out;
  }

  private static List<Map.Entry<String, Integer>> entries(
      KeyValueIterator<String, Integer> it) {
    List<Map.Entry<String, Integer>> out = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        KeyValue<String, Integer> kv = it.next();
        out.add(Map.entry(kv.key(), kv.value()));
      }
    }
    return out;
  }
}
