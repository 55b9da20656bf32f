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
