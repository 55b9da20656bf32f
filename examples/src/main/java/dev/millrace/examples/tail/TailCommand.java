package dev.millrace.examples.tail;

import static dev.millrace.examples.CommandLine.number;
import static dev.millrace.examples.CommandLine.value;

import dev.millrace.clients.AutoOffsetReset;
import dev.millrace.clients.Consumer;
import dev.millrace.clients.ConsumerConfig;
import dev.millrace.clients.ConsumerRecord;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.LogException;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.file.FileLog;
import dev.millrace.serialization.Deserializer;
import dev.millrace.serialization.SerializationException;
import dev.millrace.serialization.Serdes;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A console consumer: prints the committed records of one topic of a file log as they arrive,
 * with the log opened read-only, so it runs beside the application writing the same directory.
 */
public final class TailCommand {
  static final String USAGE = """
      usage: tail [--data-dir DIR] [--from-beginning] [--key FORMAT] [--value FORMAT]
                  [--max-records N] [--idle-exit SECONDS] TOPIC

      Prints the committed records of TOPIC as they arrive, one a line:
      partition:offset, key and value, separated by tabs. The file log is opened read-only, so
      this runs while an application (the payroll example, say) writes the same directory.

        --data-dir DIR       the payroll example's data directory (its log is DIR/log), or a
                             log directory itself (default ./millrace-data)
        --from-beginning     start at the oldest record (default: only records from now on)
        --key FORMAT         string, long, int, double or hex (default string)
        --value FORMAT       the same choices (default string)
        --max-records N      stop after N records
        --idle-exit SECONDS  stop once nothing arrived for that long (default: follow forever)
        --help               this text
      """;

  private TailCommand() {}

  /** Runs the command; returns the exit code (2 for a usage error, 1 if the log cannot be read). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("tail: " + e.getMessage());
      return 2;
    }
    if (o.help) {
      out.print(USAGE);
      return 0;
    }
    Path dir = Files.exists(o.dataDir.resolve("millrace-log.meta")) ? o.dataDir
        : o.dataDir.resolve("log");
    try (FileLog log = FileLog.openReadOnly(dir)) {
      if (!log.listTopics().contains(o.topic)) {
        err.println("tail: no topic '" + o.topic + "' in " + log.directory() + "; its topics: "
            + log.listTopics());
        return 1;
      }
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < log.describeTopic(o.topic).config().partitions(); p++) {
        partitions.add(TopicPartition.of(o.topic, p));
      }
      ConsumerConfig config = ConsumerConfig.builder().clientId("tail")
          .isolationLevel(IsolationLevel.READ_COMMITTED)
          .autoOffsetReset(AutoOffsetReset.EARLIEST).build();
      try (Consumer<byte[], byte[]> consumer = Consumer.create(log, config,
          Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer())) {
        consumer.assign(partitions);
        if (o.fromBeginning) {
          consumer.seekToBeginning(partitions);
        } else {
          consumer.seekToEnd(partitions);
        }
        long printed = 0;
        long lastRecord = System.nanoTime();
        while (printed < o.maxRecords) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            out.println(r.partition() + ":" + r.offset() + "\t" + o.key.format(o.topic, r.key())
                + "\t" + o.value.format(o.topic, r.value()));
            lastRecord = System.nanoTime();
            if (++printed == o.maxRecords) {
              break;
            }
          }
          out.flush();
          if (o.idleExit != null && System.nanoTime() - lastRecord > o.idleExit.toNanos()) {
            break;
          }
        }
      }
      return 0;
    } catch (LogException e) {
      err.println("tail: " + e.getMessage());
      return 1;
    }
  }

  /** How a key or value is shown. */
  enum Format {
    STRING(Serdes.String().deserializer()),
    LONG(Serdes.Long().deserializer()),
    INT(Serdes.Integer().deserializer()),
    DOUBLE(Serdes.Double().deserializer()),
    HEX(null);

    private final Deserializer<?> deserializer;

    Format(Deserializer<?> deserializer) {
      this.deserializer = deserializer;
    }

    String format(String topic, byte[] bytes) {
      if (bytes == null) {
        return "null";
      }
      if (deserializer != null) {
        try {
          return String.valueOf(deserializer.deserialize(topic, bytes));
        } catch (SerializationException e) {
          // shown as bytes below, so that one odd record does not stop the tail
        }
      }
      return "0x" + HexFormat.of().formatHex(bytes);
    }
  }

  /** The command line, parsed and checked. */
  static final class Options {
    Path dataDir = Path.of("millrace-data");
    boolean fromBeginning;
    Format key = Format.STRING;
    Format value = Format.STRING;
    long maxRecords = Long.MAX_VALUE;
    Duration idleExit;
    String topic;
    boolean help;

    static Options parse(String... args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--help", "-h" -> o.help = true;
          case "--data-dir" -> o.dataDir = Path.of(value(args, ++i, a));
          case "--from-beginning" -> o.fromBeginning = true;
          case "--key" -> o.key = format(a, value(args, ++i, a));
          case "--value" -> o.value = format(a, value(args, ++i, a));
          case "--max-records" ->
              o.maxRecords = number(a, value(args, ++i, a), 1, Long.MAX_VALUE);
          case "--idle-exit" ->
              o.idleExit = Duration.ofSeconds(number(a, value(args, ++i, a), 1, 86_400));
          default -> {
            if (a.startsWith("-")) {
              throw new IllegalArgumentException("unknown option '" + a + "' (try --help)");
            }
            if (o.topic != null) {
              throw new IllegalArgumentException("one topic only, got '" + o.topic + "' and '"
                  + a + "'");
            }
            o.topic = a;
          }
        }
      }
      if (o.topic == null && !o.help) {
        throw new IllegalArgumentException("which topic? (try --help)");
      }
      return o;
    }

    private static Format format(String option, String v) {
      try {
        return Format.valueOf(v.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + " must be string, long, int, double or hex,"
            + " got '" + v + "'");
      }
    }
  }
}
