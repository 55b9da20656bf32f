package dev.millrace.examples.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.examples.TestFiles;
import dev.millrace.log.LogRecord;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import dev.millrace.log.file.FileLog;
import dev.millrace.serialization.Serdes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The console consumer, against a file log that a writer holds open meanwhile. */
class TailCommandTest {
  private static final TopicPartition P0 = TopicPartition.of("totals", 0);
  private static final TopicPartition P1 = TopicPartition.of("totals", 1);

  /** What a run printed to stdout and stderr, and its exit code. */
  record Run(int code, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  static Run tail(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = TailCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private static LogRecord total(String department, long amount) {
    return LogRecord.of(department.getBytes(StandardCharsets.UTF_8),
        Serdes.Long().serializer().serialize("totals", amount), 1);
  }

  @Test
  void printsCommittedRecordsFromTheBeginningWhileTheWriterHoldsTheLog() throws Exception {
    Path data = Files.createTempDirectory("millrace-tail");
    try (FileLog writer = FileLog.open(data.resolve("log"))) {
      writer.createTopic("totals", TopicConfig.partitions(2));
      writer.append(P0, List.of(total("HR", 100), total("IT", 250)));
      TransactionalWriter tx = writer.initTransactions("app");
      tx.beginTransaction();
      tx.append(P1, List.of(total("Sales", -1)));
      tx.abortTransaction();
      tx.beginTransaction();
      tx.append(P1, List.of(total("Sales", 300)));
      tx.commitTransaction();
      tx.beginTransaction();
      tx.append(P0, List.of(total("HR", 999))); // still open: not shown

      Run run = tail("--data-dir", data.toString(), "--from-beginning", "--value", "long",
          "--idle-exit", "1", "totals");
      assertEquals(0, run.code(), run.err());
      assertEquals(List.of("0:0\tHR\t100", "0:1\tIT\t250", "1:2\tSales\t300"),
          run.lines().stream().sorted().toList());
      tx.abortTransaction();
    }
    TestFiles.deleteTree(data);
  }

  @Test
  @Timeout(30)
  void followsRecordsAppendedAfterItStarted() throws Exception {
    Path data = Files.createTempDirectory("millrace-tail");
    try (FileLog writer = FileLog.open(data.resolve("log"))) {
      writer.createTopic("totals", TopicConfig.partitions(2));
      writer.append(P0, List.of(total("old", 1)));
      CompletableFuture<Run> running = CompletableFuture.supplyAsync(() -> tail("--data-dir",
          data.resolve("log").toString(), "--value", "hex", "--max-records", "3", "totals"));
      // The tail starts from the end it finds when it has opened the log, whenever that is:
      // keep appending, a null key and value now and then, until it has printed three records.
      for (int i = 0; !running.isDone(); i++) {
        assertTrue(i < 400, "the tail printed nothing new");
        writer.append(TopicPartition.of("totals", i % 2), List.of(i % 3 == 0
            ? LogRecord.of(null, null, i) : total("new" + i, i)));
        Thread.sleep(50);
      }
      Run run = running.get();
      assertEquals(0, run.code(), run.err());
      assertEquals(3, run.lines().size(), run.out());
      String appendedLater = "[01]:[0-9]+\\t(null\\tnull|new[0-9]+\\t0x0{14}[0-9a-f]{2})";
      for (String line : run.lines()) {
        assertTrue(line.matches(appendedLater), "a record appended after the start: " + line);
      }
    }
    TestFiles.deleteTree(data);
  }


  @Test
  void anUnknownTopicOrDirectoryIsNamed() throws Exception {
    Path data = Files.createTempDirectory("millrace-tail");
    try (FileLog writer = FileLog.open(data.resolve("log"))) {
      writer.createTopic("totals", TopicConfig.partitions(1));
    }
    Run run = tail("--data-dir", data.toString(), "nope");
    assertEquals(1, run.code());
    assertTrue(run.err().contains("no topic 'nope'") && run.err().contains("[totals]"),
        run.err());
    Run missing = tail("--data-dir", data.resolve("elsewhere").toString(), "totals");
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains(data.resolve("elsewhere").toString()), missing.err());
    TestFiles.deleteTree(data);
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertEquals(2, tail().code());
    assertTrue(tail().err().contains("which topic?"));
    assertTrue(tail("--key", "xml", "t").err().contains("string, long, int, double or hex"));
    assertTrue(tail("--max-records", "0", "t").err().contains("whole number >= 1"));
    assertTrue(tail("--idle-exit", "x", "t").err().contains("got 'x'"));
    assertTrue(tail("a", "b").err().contains("one topic only"));
    assertTrue(tail("--bogus", "t").err().contains("unknown option '--bogus'"));
    Run help = tail("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().startsWith("usage: tail"));
  }
}
