package dev.millrace.log.memory.internal;

import dev.millrace.log.StoredRecord;
import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list over the first {@code size} slots of an array that a read filled, so that a
 * read result costs one array and one small wrapper instead of a copy.
 */
final class RecordsView extends AbstractList<StoredRecord> implements RandomAccess {
  private final StoredRecord[] items;
  private final int size;

  RecordsView(StoredRecord[] items, int size) {
    this.items = items;
    this.size = size;
  }

  @Override
  public StoredRecord get(int index) {
    Objects.checkIndex(index, size);
    return items[index];
  }

  @Override
  public int size() {
    return size;
  }
}
