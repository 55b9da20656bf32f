package dev.millrace.streams.internal;

import dev.millrace.streams.KeyValue;
import dev.millrace.streams.kstream.ForeachAction;
import dev.millrace.streams.kstream.KeyValueMapper;
import dev.millrace.streams.kstream.Predicate;
import dev.millrace.streams.kstream.ValueMapper;
import dev.millrace.streams.processor.ProcessorSupplier;
import dev.millrace.streams.processor.Record;
import java.util.List;

/** The stateless record-by-record operators of {@code KStream}, as processor suppliers. */
final class StreamOperators {
  private StreamOperators() {}

  static <K, V> ProcessorSupplier<K, V, K, V> filter(Predicate<? super K, ? super V> predicate,
      boolean keepMatching) {
    return () -> new ContextualProcessor<>() {
      @Override
      public void process(Record<K, V> r) {
        if (predicate.test(r.key(), r.value()) == keepMatching) {
          context().forward(r);
        }
      }
    };
  }

  static <K, V, KR, VR> ProcessorSupplier<K, V, KR, VR> map(
      KeyValueMapper<? super K, ? super V, ? extends KeyValue<? extends KR, ? extends VR>> mapper) {
    return () -> new ContextualProcessor<>() {
      @Override
      public void process(Record<K, V> r) {
        KeyValue<? extends KR, ? extends VR> kv = mapper.apply(r.key(), r.value());
        if (kv == null) {
          throw new NullPointerException("map function returned null instead of a KeyValue");
        }
        context().forward(new Record<KR, VR>(kv.key(), kv.value(), r.timestamp(), r.headers()));
      }
    };
  }

  static <K, V, VR> ProcessorSupplier<K, V, K, VR> mapValues(
      ValueMapper<? super V, ? extends VR> mapper) {
    return () -> new ContextualProcessor<>() {
      @Override
      public void process(Record<K, V> r) {
        context().forward(new Record<K, VR>(r.key(), mapper.apply(r.value()), r.timestamp(),
            r.headers()));
      }
    };
  }

  static <K, V, KR, VR> ProcessorSupplier<K, V, KR, VR> flatMap(KeyValueMapper<? super K,
      ? super V, ? extends Iterable<? extends KeyValue<? extends KR, ? extends VR>>> mapper) {
    return () -> new ContextualProcessor<>() {
      @Override
      public void process(Record<K, V> r) {
        for (KeyValue<? extends KR, ? extends VR> kv : mapper.apply(r.key(), r.value())) {
          context().forward(new Record<KR, VR>(kv.key(), kv.value(), r.timestamp(), r.headers()));
        }
      }
    };
  }

  static <K, V, VR> ProcessorSupplier<K, V, K, VR> flatMapValues(
      ValueMapper<? super V, ? extends Iterable<? extends VR>> mapper) {
    return () -> new ContextualProcessor<>() {
      @Override
      public void process(Record<K, V> r) {
        for (VR v : mapper.apply(r.value())) {
          context().forward(new Record<K, VR>(r.key(), v, r.timestamp(), r.headers()));
        }
      }
    };
  }

  static <K, V, KR> ProcessorSupplier<K, V, KR, V> selectKey(
      KeyValueMapper<? super K, ? super V, ? extends KR> mapper) {
    return () -> new ContextualProcessor<>() {
      @Override
      public void process(Record<K, V> r) {
        context().forward(new Record<KR, V>(mapper.apply(r.key(), r.value()), r.value(),
            r.timestamp(), r.headers()));
      }
    };
  }

  static <K, V> ProcessorSupplier<K, V, K, V> peek(ForeachAction<? super K, ? super V> action,
      boolean forward) {
    return () -> new ContextualProcessor<>() {
      @Override
      public void process(Record<K, V> r) {
        action.apply(r.key(), r.value());
        if (forward) {
          context().forward(r);
        }
      }
    };
  }

  static <K, V> ProcessorSupplier<K, V, K, V> passThrough() {
    return () -> new ContextualProcessor<>() {
      @Override
      public void process(Record<K, V> r) {
        context().forward(r);
      }
    };
  }

  /**
   * Sends each record to the child of the first accepting predicate, else to the default child
   * (if any). {@code children} is complete by the time the topology runs.
   */
  static <K, V> ProcessorSupplier<K, V, K, V> branch(
      List<Predicate<? super K, ? super V>> predicates, List<String> children,
      String[] defaultChild) {
    return () -> new ContextualProcessor<>() {
      @Override
      public void process(Record<K, V> r) {
        for (int i = 0; i < predicates.size(); i++) {
          if (predicates.get(i).test(r.key(), r.value())) {
            context().forward(r, children.get(i));
            return;
          }
        }
        if (defaultChild[0] != null) {
          context().forward(r, defaultChild[0]);
        }
      }
    };
  }
}
