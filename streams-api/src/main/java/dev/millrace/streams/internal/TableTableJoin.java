package dev.millrace.streams.internal;

import dev.millrace.streams.kstream.ValueJoiner;
import dev.millrace.streams.processor.ProcessorContext;
import dev.millrace.streams.processor.ProcessorSupplier;
import dev.millrace.streams.processor.Record;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code KTable.join}, {@code leftJoin} and {@code outerJoin}. One processor per side receives
 * that side's changes, reads the other side's row for the key (one store read, as forwarded: see
 * {@link TableView}) and forwards the change of the joined row: the join of the new value and of
 * the old value, each with the other side's row. Since the other side's row is the one the join
 * last combined with, the old joined value is exactly the one emitted before for the key, so
 * downstream retractions are right. A joined row that stops existing (e.g. an inner join whose
 * one side is deleted) is forwarded as a deletion; a change that joins to nothing before and after
 * is not forwarded. The update carries the timestamp and headers of the change that caused it.
 *
 * <p>This holds when each change reaches the join through one side only. When both sides come
 * from one store (a table joined with itself or with a table derived from it in the same task),
 * one change reaches both sides, and the side it reaches first already reads the other side's
 * new row; the old joined values are then not exact, as in Kafka Streams.
 */
final class TableTableJoin {
  private TableTableJoin() {}

  /** Which pairs of rows form a joined row. */
  enum Kind {
    INNER("JOIN", "join"),
    LEFT("LEFT", "left-join"),
    OUTER("OUTER", "outer-join");

    /** For generated node names, as in Kafka Streams: {@code KTABLE-JOINTHIS-0000000004}. */
    final String prefix;
    /** For node names derived from a {@link dev.millrace.streams.kstream.Named}. */
    final String suffix;

    Kind(String prefix, String suffix) {
      this.prefix = prefix;
      this.suffix = suffix;
    }

    boolean joins(Object left, Object right) {
      return switch (this) {
        case INNER -> left != null && right != null;
        case LEFT -> left != null;
        case OUTER -> left != null || right != null;
      };
    }
  }

  /** Combines two rows into the joined row, or null if the pair does not join. */
  private static <V1, V2, VR> VR joined(Kind kind,
      ValueJoiner<? super V1, ? super V2, ? extends VR> joiner, V1 left, V2 right) {
    return kind.joins(left, right) ? joiner.apply(left, right) : null;
  }

  /** Receives the left table's changes and reads the right table. */
  static <K, V1, V2, VR> ProcessorSupplier<K, Change<V1>, K, Change<VR>> leftSide(Kind kind,
      TableView<K, V2> right, ValueJoiner<? super V1, ? super V2, ? extends VR> joiner) {
    return () -> new ContextualProcessor<>() {
      private TableView.Getter<K, V2> other;

      @Override
      public void init(ProcessorContext<K, Change<VR>> context) {
        super.init(context);
        other = right.getter(context, true);
      }

      @Override
      public void process(Record<K, Change<V1>> r) {
        V2 o = other.get(r.key());
        Change<V1> c = r.value();
        forwardIfAny(context(), r, joined(kind, joiner, c.newValue(), o),
            joined(kind, joiner, c.oldValue(), o));
      }
    };
  }

  /** Receives the right table's changes and reads the left table. */
  static <K, V1, V2, VR> ProcessorSupplier<K, Change<V2>, K, Change<VR>> rightSide(Kind kind,
      TableView<K, V1> left, ValueJoiner<? super V1, ? super V2, ? extends VR> joiner) {
    return () -> new ContextualProcessor<>() {
      private TableView.Getter<K, V1> other;

      @Override
      public void init(ProcessorContext<K, Change<VR>> context) {
        super.init(context);
        other = left.getter(context, true);
      }

      @Override
      public void process(Record<K, Change<V2>> r) {
        V1 o = other.get(r.key());
        Change<V2> c = r.value();
        forwardIfAny(context(), r, joined(kind, joiner, o, c.newValue()),
            joined(kind, joiner, o, c.oldValue()));
      }
    };
  }

  private static <K, VR> void forwardIfAny(ProcessorContext<K, Change<VR>> context,
      Record<K, ?> r, VR newValue, VR oldValue) {
    if (newValue != null || oldValue != null) {
      context.forward(new Record<>(r.key(), new Change<>(newValue, oldValue), r.timestamp(),
          r.headers()));
    }
  }

  /** The joined table's rows, computed from both sides' rows. */
  static <K, V1, V2, VR> TableView<K, VR> view(Kind kind, TableView<K, V1> left,
      TableView<K, V2> right, ValueJoiner<? super V1, ? super V2, ? extends VR> joiner) {
    List<String> stores = new ArrayList<>(left.stores());
    for (String s : right.stores()) {
      if (!stores.contains(s)) {
        stores.add(s);
      }
    }
    List<String> all = List.copyOf(stores);
    return new TableView<>() {
      @Override
      public List<String> stores() {
        return all;
      }

      @Override
      public Getter<K, VR> getter(ProcessorContext<?, ?> context, boolean asForwarded) {
        Getter<K, V1> l = left.getter(context, asForwarded);
        Getter<K, V2> r = right.getter(context, asForwarded);
        return key -> joined(kind, joiner, l.get(key), r.get(key));
      }
    };
  }
}
