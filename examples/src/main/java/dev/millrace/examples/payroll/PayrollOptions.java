package dev.millrace.examples.payroll;

import static dev.millrace.examples.CommandLine.value;

import dev.millrace.examples.CommandLine;
import java.nio.file.Path;

/** The payroll example's command line, parsed and checked. */
final class PayrollOptions {
  static final String USAGE = """
      usage: payroll [--log file|memory] [--data-dir DIR] [--employees N] [--updates M] [--seed S]

      HR and Finance publish salary updates and bonuses to 'salary-updates' while the payroll
      application keeps each employee's current salary and the payroll and bonus totals per
      department; at the end the totals are checked against a fold over the whole input topic.

        --log file|memory   where topics and state live (default file: the durable file log
                            and RocksDB stores, so a later run on the same directory continues
                            where this one stopped; memory keeps everything on the heap)
        --data-dir DIR      directory of the file log and the RocksDB stores (only with
                            --log file; default ./millrace-data)
        --employees N       employees HR hires first (default 1000)
        --updates M         raises, moves and bonuses after the hires (default 100000);
                            0 publishes nothing, not even hires: the run only processes what
                            the input topic holds (say, after a crash) and verifies it
        --seed S            generator seed (default 42)
        --help              this text
      """;

  enum LogKind { MEMORY, FILE }

  LogKind log = LogKind.FILE;
  Path dataDir;
  int employees = 1000;
  int updates = 100_000;
  long seed = 42;
  boolean help;

  /**
   * @throws IllegalArgumentException with a message for the user if an argument is wrong
   */
  static PayrollOptions parse(String... args) {
    PayrollOptions o = new PayrollOptions();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help", "-h" -> o.help = true;
        case "--log" -> {
          String v = value(args, ++i, a);
          o.log = switch (v) {
            case "memory" -> LogKind.MEMORY;
            case "file" -> LogKind.FILE;
            default -> throw new IllegalArgumentException("--log must be 'memory' or 'file', got '"
                + v + "'");
          };
        }
        case "--data-dir" -> o.dataDir = Path.of(value(args, ++i, a));
        case "--employees" -> o.employees = number(a, value(args, ++i, a), 1);
        case "--updates" -> o.updates = number(a, value(args, ++i, a), 0);
        case "--seed" -> {
          String v = value(args, ++i, a);
          try {
            o.seed = Long.parseLong(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed needs a whole number, got '" + v + "'");
          }
        }
        default -> throw new IllegalArgumentException("unknown option '" + a + "' (try --help)");
      }
    }
    if (o.log == LogKind.MEMORY && o.dataDir != null) {
      throw new IllegalArgumentException("--data-dir only applies to --log file");
    }
    if (o.log == LogKind.FILE && o.dataDir == null) {
      o.dataDir = Path.of("millrace-data");
    }
    return o;
  }

  private static int number(String option, String v, int min) {
    return (int) CommandLine.number(option, v, min, Integer.MAX_VALUE);
  }
}
