package dev.millrace.streams.internal;

import dev.millrace.streams.kstream.ValueJoiner;
import dev.millrace.streams.processor.ProcessorContext;
import dev.millrace.streams.processor.ProcessorSupplier;
import dev.millrace.streams.processor.Record;

/**
 * {@code KStream.join(KTable)} and {@code leftJoin}: each stream record looks up the table's
 * latest row for its key (one store read) and is forwarded with the joined value, keeping its
 * key, timestamp and headers. Table updates never trigger output. A record with a null value is
 * skipped, as is one with a null key in an inner join; in a left join a null key joins with a
 * null row (as in Kafka Streams since 3.7). An inner join drops records without a row silently:
 * that is what it means, not a skip.
 */
final class StreamTableJoin {
  private StreamTableJoin() {}

  static <K, V, VT, VR> ProcessorSupplier<K, V, K, VR> supplier(TableView<K, VT> table,
      ValueJoiner<? super V, ? super VT, ? extends VR> joiner, boolean leftJoin) {
    return () -> new ContextualProcessor<>() {
      private TableView.Getter<K, VT> rows;

      @Override
      public void init(ProcessorContext<K, VR> context) {
        super.init(context);
        rows = table.getter(context, false);
      }

      @Override
      public void process(Record<K, V> r) {
        if (r.value() == null) {
          skip("stream-table join input with a null value");
          return;
        }
        VT row;
        if (r.key() == null) {
          if (!leftJoin) {
            skip("stream-table join input with a null key");
            return;
          }
          row = null;
        } else {
          row = rows.get(r.key());
          if (row == null && !leftJoin) {
            return;
          }
        }
        context().forward(r.withValue(joiner.apply(r.value(), row)));
      }
    };
  }
}
