package dev.millrace.state.rocksdb.internal;

import dev.millrace.state.spi.StoreCorruptedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time segments of a window or session store: column family {@code seg-<id>} holds the
 * entries whose timestamp {@code t} has {@code floorDiv(t, interval) == id}. Expiry drops whole
 * column families (no per-key deletes, no compaction debt), and a time-range read opens iterators
 * only on the segments it overlaps.
 */
final class Segments {
  private static final Logger LOG = LoggerFactory.getLogger(Segments.class);
  private static final String PREFIX = "seg-";

  private final StoreDb db;
  private final long interval;
  private final ConcurrentSkipListMap<Long, ColumnFamilyHandle> segments = new ConcurrentSkipListMap<>();

  Segments(StoreDb db, long interval) {
    this.db = db;
    this.interval = interval;
    for (Map.Entry<String, ColumnFamilyHandle> cf : db.otherColumnFamilies().entrySet()) {
      segments.put(parseId(cf.getKey()), cf.getValue());
    }
  }

  private long parseId(String cfName) {
    if (cfName.startsWith(PREFIX)) {
      try {
        return Long.parseLong(cfName.substring(PREFIX.length()));
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new StoreCorruptedException("store '" + db.name() + "' in " + db.directory()
        + " has an unexpected column family '" + cfName + "'");
  }

  long segmentId(long timestamp) {
    return Math.floorDiv(timestamp, interval);
  }

  ColumnFamilyHandle get(long segmentId) {
    return segments.get(segmentId);
  }

  /** Only the task thread creates segments, so check-then-create does not race. */
  ColumnFamilyHandle getOrCreate(long segmentId) {
    ColumnFamilyHandle h = segments.get(segmentId);
    if (h == null) {
      h = db.createColumnFamily(PREFIX + segmentId);
      segments.put(segmentId, h);
    }
    return h;
  }

  /** Existing segments with {@code fromId <= id <= toId}, oldest first. */
  List<ColumnFamilyHandle> between(long fromId, long toId) {
    if (fromId > toId) {
      return List.of();
    }
    return new ArrayList<>(segments.subMap(fromId, true, toId, true).values());
  }

  List<ColumnFamilyHandle> all() {
    return new ArrayList<>(segments.values());
  }

  int count() {
    return segments.size();
  }

  /**
   * Drops every segment older than {@code firstLiveId}. A failure is logged and retried on the
   * next call: readers filter expired entries anyway, so a late drop only costs disk space.
   */
  void dropBefore(long firstLiveId) {
    Map<Long, ColumnFamilyHandle> expired = segments.headMap(firstLiveId);
    for (Map.Entry<Long, ColumnFamilyHandle> e : new ArrayList<>(expired.entrySet())) {
      try {
        segments.remove(e.getKey());
        db.dropColumnFamily(e.getValue());
      } catch (RocksDBException ex) {
        segments.put(e.getKey(), e.getValue());
        LOG.warn("Store '{}' in {}: cannot drop expired segment {} yet: {}",
            db.name(), db.directory(), e.getKey(), ex.getMessage());
        return;
      }
    }
  }
}
