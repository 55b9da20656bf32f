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
 *   <li>{@code stream <dir>}: creates topic {@code s} (small segments, retention by bytes applied
 *       every 10 ms), prints
 *       {@code READY}, then until stdin closes writes transactions of 1 to 20 records valued
 *       {@code c<seq>} (committed) or {@code a<seq>} (every fifth, aborted), and prints the
 *       number of committed records when it stops.
 *   <li>{@code compacted <dir> <run>}: transactions of keyed records (50 keys, one in five
 *       aborted) into the two partitions of the compacted topic {@code ct}, compacted every
 *       10 ms, forever, printing {@code ACK <partition> <run> <first seq> <key>...} after each
 *       commit returns; record {@code i} of the transaction is valued {@code <run>:<first seq +
 *       i>}, so values order writes across runs, with {@code :aborted} appended if aborted.
 * </ul>
 */
public final class ChildWriter {
  private ChildWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    FileLogConfig config = args[0].equals("stream") || args[0].equals("compacted")
        ? FileLogConfig.defaults().withCleanerInterval(java.time.Duration.ofMillis(10))
        : FileLogConfig.defaults();
    try (FileLog log = FileLog.open(dir, config)) {
      if (!log.listTopics().contains("t")) {
        log.createTopic("t", TopicConfig.partitions(2).withSegmentBytes(16 * 1024));
      }
      if (args[0].equals("stream")) {
        stream(log, out);
        return;
      }
      if (args[0].equals("compacted")) {
        compacted(log, Integer.parseInt(args[2]), out);
        return;
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

  private static void stream(FileLog log, PrintStream out) throws Exception {
    TopicPartition tp = TopicPartition.of("s", 0);
    log.createTopic("s", TopicConfig.partitions(1).withSegmentBytes(4096)
        .withRetentionBytes(64 * 1024));
    out.println("READY");
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic
        .AtomicBoolean();
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // until the parent closes our stdin
        }
      } catch (java.io.IOException ignored) {
        // the parent is gone
      }
      stop.set(true);
    });
    watcher.start();
    TransactionalWriter w = log.initTransactions("stream");
    Random rnd = new Random(7);
    long committed = 0;
    for (long txn = 0; !stop.get(); txn++) {
      boolean abort = txn % 5 == 4;
      w.beginTransaction();
      List<LogRecord> records = new ArrayList<>();
      for (int i = 0, n = 1 + rnd.nextInt(20); i < n; i++) {
        String v = (abort ? "a" : "c") + (committed + i);
        records.add(LogRecord.of(null, v.getBytes(StandardCharsets.UTF_8), txn));
      }
      w.append(tp, records);
      if (abort) {
        w.abortTransaction();
      } else {
        w.commitTransaction();
        committed += records.size();
      }
    }
    out.println(committed);
  }

  private static void compacted(FileLog log, int run, PrintStream out) {
    if (!log.listTopics().contains("ct")) {
      log.createTopic("ct", TopicConfig.partitions(2).withSegmentBytes(4096)
          .withCleanupPolicy(dev.millrace.log.CleanupPolicy.COMPACT));
    }
    Random rnd = new Random(run);
    TransactionalWriter w = log.initTransactions("compacting");
    for (long seq = 0; ; ) {
      int p = rnd.nextInt(2);
      boolean abort = rnd.nextInt(5) == 0;
      List<LogRecord> records = new ArrayList<>();
      StringBuilder keys = new StringBuilder();
      for (int i = 0, n = 1 + rnd.nextInt(10); i < n; i++) {
        String key = "k" + rnd.nextInt(50);
        keys.append(' ').append(key);
        records.add(LogRecord.of(key.getBytes(StandardCharsets.UTF_8),
            (run + ":" + (seq + i) + (abort ? ":aborted" : "")).getBytes(StandardCharsets.UTF_8),
            seq));
      }
      w.beginTransaction();
      w.append(TopicPartition.of("ct", p), records);
      if (abort) {
        w.abortTransaction();
      } else {
        w.commitTransaction();
        out.println("ACK " + p + " " + run + " " + seq + keys);
      }
      seq += records.size();
    }
  }
}
