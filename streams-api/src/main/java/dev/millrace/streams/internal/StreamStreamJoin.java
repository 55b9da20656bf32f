package dev.millrace.streams.internal;

import dev.millrace.log.Header;
import dev.millrace.state.KeyValueIterator;
import dev.millrace.state.KeyValueStore;
import dev.millrace.streams.KeyValue;
import dev.millrace.streams.kstream.JoinWindows;
import dev.millrace.streams.kstream.ValueJoiner;
import dev.millrace.streams.kstream.Windowed;
import dev.millrace.streams.processor.Processor;
import dev.millrace.streams.processor.ProcessorContext;
import dev.millrace.streams.processor.ProcessorSupplier;
import dev.millrace.streams.processor.Record;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The windowed stream-stream join: one processor per side, both using the two side buffers (window
 * stores of {@link JoinBuffer}s by key and timestamp) and the join's stream-time store.
 *
 * <p>A record first reads the other side's buffer for its key over its window (one per-key range
 * read) and emits a result per partner, then adds itself to its own buffer. A self-join works the
 * same way: the record meets itself when it reaches the second side.
 *
 * <p>Left and outer joins mark a buffered record as unmatched until a partner arrives (the first
 * partner rewrites the flag). The flag lives in the buffer, so it is changelogged and committed
 * with everything else; an in-memory index of unmatched entries by timestamp, rebuilt from the
 * buffers at start, says which are due when stream time advances. A due entry still unmatched
 * gets its null-partner results and is removed from its buffer, as nothing can join it any more.
 * The index is only a hint: entries matched since they were indexed are skipped on the way.
 *
 * <p>Both processors of a task share the stream time and the index, found at init through the
 * identity of the task's stream-time store and forgotten when the task closes; the hot path
 * takes no lock.
 */
final class StreamStreamJoin<K, VL, VR, VOut> {
  static final String STREAM_TIME_KEY = "streamTime";

  private final String leftStore;
  private final String rightStore;
  private final String timeStore;
  private final long beforeMs;
  private final long afterMs;
  private final long graceMs;
  private final ValueJoiner<? super VL, ? super VR, ? extends VOut> joiner;
  private final boolean emitLeftUnmatched;
  private final boolean emitRightUnmatched;
  private final Map<Object, Shared> shared = Collections.synchronizedMap(new IdentityHashMap<>());

  StreamStreamJoin(String leftStore, String rightStore, String timeStore, JoinWindows windows,
      ValueJoiner<? super VL, ? super VR, ? extends VOut> joiner, boolean emitLeftUnmatched,
      boolean emitRightUnmatched) {
    this.leftStore = leftStore;
    this.rightStore = rightStore;
    this.timeStore = timeStore;
    this.beforeMs = windows.beforeMs();
    this.afterMs = windows.afterMs();
    this.graceMs = windows.graceMs();
    this.joiner = joiner;
    this.emitLeftUnmatched = emitLeftUnmatched;
    this.emitRightUnmatched = emitRightUnmatched;
  }

  /** How long each buffer must keep a record for every partner that may still come to find it. */
  static long retentionMs(JoinWindows windows) {
    return Math.max(windows.beforeMs(), 0) + Math.max(windows.afterMs(), 0) + windows.graceMs()
        + 1;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  ProcessorSupplier<K, VL, K, VOut> leftSide() {
    return () -> (Processor<K, VL, K, VOut>) (Processor) new Side(true);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  ProcessorSupplier<K, VR, K, VOut> rightSide() {
    return () -> (Processor<K, VR, K, VOut>) (Processor) new Side(false);
  }

  /** Tasks whose processors are initialized and not yet closed. */
  int openTasks() {
    return shared.size();
  }

  /** {@code a + b}, clamped to the long range. */
  private static long plus(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }

  private static <K> Windowed<K> at(K key, long ts) {
    return new Windowed<>(key, ts, plus(ts, 1));
  }

  @SuppressWarnings("unchecked")
  private VOut join(boolean left, Object thisValue, Object otherValue) {
    return left ? joiner.apply((VL) thisValue, (VR) otherValue)
        : joiner.apply((VL) otherValue, (VR) thisValue);
  }

  /** State of one task's join shared by its two processors. */
  private final class Shared {
    final KeyValueStore<String, Long> times;
    final KeyValueStore<Windowed<K>, JoinBuffer<Object>> left;
    final KeyValueStore<Windowed<K>, JoinBuffer<Object>> right;
    /** Unmatched entries by timestamp; null for a side without null-partner results. */
    final TreeMap<Long, List<K>> leftOpen;
    final TreeMap<Long, List<K>> rightOpen;
    long streamTime;

    Shared(ProcessorContext<?, ?> context) {
      times = context.getStateStore(timeStore);
      left = context.getStateStore(leftStore);
      right = context.getStateStore(rightStore);
      Long t = times.get(STREAM_TIME_KEY);
      streamTime = t == null ? -1 : t;
      leftOpen = emitLeftUnmatched ? index(left) : null;
      rightOpen = emitRightUnmatched ? index(right) : null;
    }

    private TreeMap<Long, List<K>> index(KeyValueStore<Windowed<K>, JoinBuffer<Object>> buffer) {
      TreeMap<Long, List<K>> open = new TreeMap<>();
      try (KeyValueIterator<Windowed<K>, JoinBuffer<Object>> it = buffer.all()) {
        while (it.hasNext()) {
          KeyValue<Windowed<K>, JoinBuffer<Object>> kv = it.next();
          if (kv.value().unmatched()) {
            open.computeIfAbsent(kv.key().startMs(), x -> new ArrayList<>(1)).add(kv.key().key());
          }
        }
      }
      return open;
    }

    /**
     * Emits every unmatched entry whose partners can no longer come at the current stream time,
     * in timestamp order (left first on a tie).
     */
    void emitDue(ProcessorContext<K, VOut> context, List<Header> headers) {
      while (true) {
        boolean leftDue = leftOpen != null && !leftOpen.isEmpty()
            && plus(leftOpen.firstKey(), afterMs + graceMs) < streamTime;
        boolean rightDue = rightOpen != null && !rightOpen.isEmpty()
            && plus(rightOpen.firstKey(), beforeMs + graceMs) < streamTime;
        if (!leftDue && !rightDue) {
          return;
        }
        boolean fromLeft = leftDue && (!rightDue || leftOpen.firstKey() <= rightOpen.firstKey());
        Map.Entry<Long, List<K>> e = (fromLeft ? leftOpen : rightOpen).pollFirstEntry();
        KeyValueStore<Windowed<K>, JoinBuffer<Object>> buffer = fromLeft ? left : right;
        long ts = e.getKey();
        for (K key : e.getValue()) {
          Windowed<K> w = at(key, ts);
          JoinBuffer<Object> b = buffer.get(w);
          if (b != null && b.unmatched()) {
            for (Object v : b.values()) {
              context.forward(new Record<>(key, join(fromLeft, v, null), ts, headers));
            }
            buffer.put(w, null);
          }
        }
      }
    }
  }

  /** The processor of one side. */
  private final class Side extends ContextualProcessor<K, Object, K, VOut> {
    private final boolean left;
    private final long lookBefore;
    private final long lookAfter;
    private final boolean trackThis;
    private final boolean trackOther;
    private Shared state;
    private KeyValueStore<Windowed<K>, JoinBuffer<Object>> thisBuffer;
    private KeyValueStore<Windowed<K>, JoinBuffer<Object>> otherBuffer;
    private TreeMap<Long, List<K>> thisOpen;

    Side(boolean left) {
      this.left = left;
      // a left record at t pairs with right records in [t - before, t + after], so a right
      // record at t pairs with left records in [t - after, t + before]
      this.lookBefore = left ? beforeMs : afterMs;
      this.lookAfter = left ? afterMs : beforeMs;
      this.trackThis = left ? emitLeftUnmatched : emitRightUnmatched;
      this.trackOther = left ? emitRightUnmatched : emitLeftUnmatched;
    }

    @Override
    public void init(ProcessorContext<K, VOut> context) {
      super.init(context);
      // both processors of a task run on its thread, so get-then-put cannot race for one task;
      // the map lock is held only briefly, not while the first one rebuilds the index
      Object task = context.getStateStore(timeStore);
      Shared s = shared.get(task);
      if (s == null) {
        s = new Shared(context);
        shared.put(task, s);
      }
      state = s;
      thisBuffer = left ? s.left : s.right;
      otherBuffer = left ? s.right : s.left;
      thisOpen = left ? s.leftOpen : s.rightOpen;
    }

    @Override
    public void close() {
      // forget the task, so that a closed task's stores and index can be collected
      if (state != null) {
        shared.remove(state.times);
      }
    }

    @Override
    public void process(Record<K, Object> r) {
      K key = r.key();
      Object value = r.value();
      if (key == null || value == null) {
        skip("stream-stream join input with a null " + (key == null ? "key" : "value"));
        return;
      }
      long t = r.timestamp();
      Shared s = state;
      if (plus(t, graceMs) < s.streamTime) {
        skip("late record dropped: timestamp " + t + " is more than the grace period ("
            + graceMs + " ms) behind stream time " + s.streamTime + " (join store '"
            + (left ? leftStore : rightStore) + "')");
        return;
      }
      boolean advanced = t > s.streamTime;
      if (advanced) {
        s.streamTime = t;
        s.times.put(STREAM_TIME_KEY, t);
      }
      long from = plus(t, -lookBefore);
      long to = plus(t, lookAfter);
      boolean matched = false;
      List<KeyValue<Windowed<K>, JoinBuffer<Object>>> nowMatched = null;
      try (KeyValueIterator<Windowed<K>, JoinBuffer<Object>> it =
          otherBuffer.range(at(key, from), at(key, to))) {
        while (it.hasNext()) {
          KeyValue<Windowed<K>, JoinBuffer<Object>> kv = it.next();
          long ts = Math.max(t, kv.key().startMs());
          JoinBuffer<Object> partners = kv.value();
          for (Object other : partners.values()) {
            context().forward(new Record<>(key, join(left, value, other), ts, r.headers()));
          }
          matched = true;
          if (trackOther && partners.unmatched()) {
            if (nowMatched == null) {
              nowMatched = new ArrayList<>(2);
            }
            nowMatched.add(kv);
          }
        }
      }
      if (nowMatched != null) {
        for (KeyValue<Windowed<K>, JoinBuffer<Object>> kv : nowMatched) {
          otherBuffer.put(kv.key(), new JoinBuffer<>(false, kv.value().values()));
        }
      }
      Windowed<K> own = at(key, t);
      JoinBuffer<Object> existing = thisBuffer.get(own);
      // records at one key and timestamp share their partners, so they are matched together
      boolean unmatched = trackThis && !matched && (existing == null || existing.unmatched());
      List<Object> values;
      if (existing == null) {
        values = List.of(value);
      } else {
        values = new ArrayList<>(existing.values().size() + 1);
        values.addAll(existing.values());
        values.add(value);
      }
      thisBuffer.put(own, new JoinBuffer<>(unmatched, values));
      boolean opened = unmatched && existing == null;
      if (opened) {
        thisOpen.computeIfAbsent(t, x -> new ArrayList<>(1)).add(key);
      }
      // with a negative before or after, a record may be due as soon as it arrives
      if ((advanced || opened) && (s.leftOpen != null || s.rightOpen != null)) {
        s.emitDue(context(), r.headers());
      }
    }
  }
}
