package dev.millrace.log.file;

import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A writer process for the kill and lock tests. Modes:
 * <ul>
 *   <li>{@code txn <dir> <run>}: appends random batches in transactions, forever, printing
 *       {@code ACK <partition> <firstOffset> <count> <run>-<seq>} after each commit returns;
 *   <li>{@code hold <dir>}: opens the log, appends and flushes 10 records, prints {@code READY},
 *       then waits until stdin closes.
 * </ul>
 */
public final class ChildWriter {
  private ChildWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (FileLog log = FileLog.open(dir, FileLogConfig.defaults())) {
      if (!log.listTopics().contains("t")) {
        log.createTopic("t", TopicConfig.partitions(2).withSegmentBytes(16 * 1024));
      }
      if (args[0].equals("hold")) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          records.add(LogRecord.of(null, ("held-" + i).getBytes(StandardCharsets.UTF_8), i));
        }
        log.append(TopicPartition.of("t", 0), records);
        log.flush();
        out.println("READY");
        while (System.in.read() >= 0) {
          // wait for the parent to close our stdin
        }
        return;
      }
      String run = args[2];
      Random rnd = new Random(run.hashCode());
      TransactionalWriter w = log.initTransactions("child");
      long seq = 0;
      while (true) {
        w.beginTransaction();
        int p = rnd.nextInt(2);
        TopicPartition tp = TopicPartition.of("t", p);
        int n = 1 + rnd.nextInt(20);
        List<LogRecord> records = new ArrayList<>(n);
        long firstSeq = seq;
        for (int i = 0; i < n; i++) {
          byte[] value = (run + "-" + seq++ + "-" + "x".repeat(rnd.nextInt(200)))
              .getBytes(StandardCharsets.UTF_8);
          records.add(LogRecord.of(null, value, System.currentTimeMillis()));
        }
        long first = w.append(tp, records);
        w.addOffsets("g", Map.of(tp, first + n));
        w.commitTransaction();
        out.println("ACK " + p + " " + first + " " + n + " " + run + "-" + firstSeq);
      }
    }
  }
}
