package dev.millrace.log.conformance;

import dev.millrace.log.LogRecord;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The obviously correct model the suite checks a log against: one list of entries per partition,
 * each a record or a transaction marker, with the owning transaction's fate looked up at read
 * time. Slow and simple on purpose.
 */
final class ReferenceLog {
  /** A transaction in the model. */
  static final class Txn {
    boolean open = true;
    boolean committed;
    final Set<TopicPartition> partitions = new LinkedHashSet<>();
    final Map<TopicPartition, Long> offsets = new HashMap<>();
  }

  /** One offset of a partition: a record (with its transaction, or null) or a marker. */
  record Entry(long offset, LogRecord record, Txn txn) {
    boolean isMarker() {
      return record == null;
    }
  }

  private final Map<TopicPartition, List<Entry>> partitions = new HashMap<>();
  private final Map<TopicPartition, Long> beginnings = new HashMap<>();
  private final Map<TopicPartition, Long> groupOffsets = new TreeMap<>();

  ReferenceLog(List<TopicPartition> tps) {
    for (TopicPartition tp : tps) {
      partitions.put(tp, new ArrayList<>());
      beginnings.put(tp, 0L);
    }
  }

  long append(TopicPartition tp, List<LogRecord> records, Txn txn) {
    List<Entry> entries = partitions.get(tp);
    long first = entries.size();
    for (LogRecord r : records) {
      entries.add(new Entry(entries.size(), r, txn));
    }
    if (txn != null) {
      txn.partitions.add(tp);
    }
    return first;
  }

  void commit(Txn txn) {
    end(txn, true);
    groupOffsets.putAll(txn.offsets);
  }

  void abort(Txn txn) {
    end(txn, false);
  }

  private void end(Txn txn, boolean commit) {
    txn.open = false;
    txn.committed = commit;
    for (TopicPartition tp : txn.partitions) {
      List<Entry> entries = partitions.get(tp);
      entries.add(new Entry(entries.size(), null, txn));
    }
  }

  void commitOffsets(Map<TopicPartition, Long> offsets) {
    groupOffsets.putAll(offsets);
  }

  Map<TopicPartition, Long> groupOffsets() {
    return groupOffsets;
  }

  long beginningOffset(TopicPartition tp) {
    return beginnings.get(tp);
  }

  long endOffset(TopicPartition tp) {
    return partitions.get(tp).size();
  }

  long lastStableOffset(TopicPartition tp) {
    for (Entry e : partitions.get(tp)) {
      if (e.txn != null && e.txn.open) {
        return e.offset;
      }
    }
    return endOffset(tp);
  }

  void deleteRecordsBefore(TopicPartition tp, long offset) {
    beginnings.put(tp, Math.max(beginnings.get(tp), offset));
  }

  /** What a read_uncommitted reader must see from the beginning offset on. */
  List<StoredRecord> uncommitted(TopicPartition tp) {
    List<StoredRecord> out = new ArrayList<>();
    for (Entry e : partitions.get(tp)) {
      if (!e.isMarker() && e.offset >= beginningOffset(tp)) {
        out.add(StoredRecord.at(e.offset, e.record));
      }
    }
    return out;
  }

  /** The earliest offset visible at the isolation level with a timestamp at or after {@code ts}. */
  OptionalLong offsetForTimestamp(TopicPartition tp, long ts, boolean committed) {
    for (StoredRecord r : committed ? committed(tp) : uncommitted(tp)) {
      if (r.timestamp() >= ts) {
        return OptionalLong.of(r.offset());
      }
    }
    return OptionalLong.empty();
  }

  /** What a read_committed reader must see from the beginning offset on. */
  List<StoredRecord> committed(TopicPartition tp) {
    long lso = lastStableOffset(tp);
    List<StoredRecord> out = new ArrayList<>();
    for (Entry e : partitions.get(tp)) {
      if (e.offset >= lso) {
        break;
      }
      if (!e.isMarker() && e.offset >= beginningOffset(tp)
          && (e.txn == null || e.txn.committed)) {
        out.add(StoredRecord.at(e.offset, e.record));
      }
    }
    return out;
  }
}
