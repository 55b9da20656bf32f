package dev.millrace.state.conformance;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A map of writes whose iteration fails after {@code failAfter} entries: stands in for any
 * failure in the middle of building a commit, to show that a failed commit applies nothing.
 */
final class FailingMap<K, V> extends AbstractMap<K, V> {
  private final List<Map.Entry<K, V>> entries;
  private final int failAfter;

  FailingMap(Map<K, V> entries, int failAfter) {
    this.entries = new ArrayList<>(entries.entrySet());
    this.failAfter = failAfter;
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<K, V>> iterator() {
        return new Iterator<>() {
          int next;

          @Override
          public boolean hasNext() {
            return next < entries.size();
          }

          @Override
          public Map.Entry<K, V> next() {
            if (next >= entries.size()) {
              throw new NoSuchElementException();
            }
            if (next == failAfter) {
              throw new IllegalStateException("writes failed after " + failAfter + " entries");
            }
            return entries.get(next++);
          }
        };
      }

      @Override
      public int size() {
        return entries.size();
      }
    };
  }
}
