package dev.millrace.log;

import java.util.List;
import java.util.Objects;

/**
 * The answer to one {@link Log#read}: the records visible at the requested isolation, in offset
 * order, and where to read next.
 *
 * <p>Always continue from {@link #nextOffset()}, never from the last record's offset plus one:
 * transaction markers occupy offsets, and {@code read_committed} reads skip aborted data, so a
 * read may advance over offsets that return no record, and may even return no record at all while
 * advancing.
 *
 * @param records the records, in increasing offset order; possibly empty; immutable
 * @param nextOffset the offset to pass to the next read of this partition
 * @param highWatermark the partition's end offset when the read was served
 * @param lastStableOffset the partition's last stable offset when the read was served
 */
public record ReadResult(List<StoredRecord> records, long nextOffset, long highWatermark,
    long lastStableOffset) {

  public ReadResult {
    Objects.requireNonNull(records, "records");
  }

  /** True if no record was returned (the read may still have advanced {@link #nextOffset()}). */
  public boolean isEmpty() {
    return records.isEmpty();
  }
}
