package dev.millrace.log.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicPartition;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading a partition to its visible end the way every consumer does, checking on each read the
 * promises of {@link Log#read} that hold whatever the data.
 */
final class Reads {
  private Reads() {}

  /** Everything readable from {@code from} to the visible end, continuing from nextOffset. */
  static List<StoredRecord> readAll(Log log, TopicPartition tp, long from,
      IsolationLevel isolation, int maxRecords, int maxBytes) {
    List<StoredRecord> all = new ArrayList<>();
    long position = from;
    long end = log.endOffset(tp);
    // Each read advances or ends the loop; the bound only turns a livelock into a failure.
    for (long reads = 0; reads <= end - from + 2; reads++) {
      ReadResult r = log.read(tp, position, maxRecords, maxBytes, isolation);
      checkOne(r, tp, position, maxRecords, maxBytes, isolation);
      all.addAll(r.records());
      if (r.isEmpty() && r.nextOffset() == position) {
        long visibleEnd = isolation == IsolationLevel.READ_COMMITTED ? r.lastStableOffset()
            : r.highWatermark();
        assertEquals(visibleEnd, position,
            "a read of " + tp + " at " + position + " returned nothing and did not advance,"
                + " but the visible end is " + visibleEnd);
        return all;
      }
      position = r.nextOffset();
    }
    return fail("reading " + tp + " from " + from + " did not reach the visible end");
  }

  /** The invariants of a single read result, whatever the data. */
  static void checkOne(ReadResult r, TopicPartition tp, long offset, int maxRecords,
      int maxBytes, IsolationLevel isolation) {
    String where = "read of " + tp + " at " + offset + " (maxRecords " + maxRecords
        + ", maxBytes " + maxBytes + ")";
    List<StoredRecord> records = r.records();
    assertTrue(records.size() <= maxRecords, where + " returned " + records.size() + " records");
    long bytes = 0;
    long previous = offset - 1;
    for (StoredRecord s : records) {
      assertTrue(s.offset() > previous, where + ": offsets not increasing at " + s.offset());
      previous = s.offset();
      bytes += s.sizeInBytes();
    }
    if (records.size() > 1) {
      assertTrue(bytes <= maxBytes, where + " returned " + bytes + " bytes in "
          + records.size() + " records");
    }
    if (!records.isEmpty()) {
      assertTrue(r.nextOffset() > previous,
          where + ": nextOffset " + r.nextOffset() + " not past the last record " + previous);
    }
    assertTrue(r.nextOffset() >= offset, where + ": nextOffset went back to " + r.nextOffset());
    assertTrue(r.nextOffset() <= r.highWatermark(),
        where + ": nextOffset " + r.nextOffset() + " beyond the high watermark "
            + r.highWatermark());
    if (isolation == IsolationLevel.READ_COMMITTED) {
      assertTrue(r.nextOffset() <= Math.max(offset, r.lastStableOffset()),
          where + ": read_committed nextOffset " + r.nextOffset()
              + " beyond the last stable offset " + r.lastStableOffset());
    }
    assertTrue(r.lastStableOffset() <= r.highWatermark(),
        where + ": last stable offset beyond the high watermark");
  }
}
