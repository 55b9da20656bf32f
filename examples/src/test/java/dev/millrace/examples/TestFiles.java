package dev.millrace.examples;

import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.ReadResult;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicPartition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What the example tests need to inspect and clean up after a run. */
public final class TestFiles {
  private TestFiles() {}

  /** Every committed record of {@code partitions}, partition by partition, in offset order. */
  public static List<StoredRecord> readCommitted(Log log, List<TopicPartition> partitions) {
    List<StoredRecord> out = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      long pos = log.beginningOffset(tp);
      while (true) {
        ReadResult r = log.read(tp, pos, 10_000, Integer.MAX_VALUE, IsolationLevel.READ_COMMITTED);
        if (r.nextOffset() == pos) {
          break;
        }
        out.addAll(r.records());
        pos = r.nextOffset();
      }
    }
    return out;
  }

  /** Deletes a directory tree, if there is one. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
