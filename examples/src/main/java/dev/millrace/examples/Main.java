package dev.millrace.examples;

import dev.millrace.examples.demo.ClientsDemo;
import dev.millrace.examples.payroll.PayrollApp;
import dev.millrace.examples.tail.TailCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of the runnable examples jar: {@code java -jar millrace-examples.jar <example>
 * [args...]}. The first argument names the example; the rest are passed on to it.
 */
public final class Main {

  /** One runnable example: what it shows, and how to run it with its own arguments. */
  interface Example {
    String description();

    /** Runs the example; returns the process exit code. */
    int run(String[] args, PrintStream out) throws Exception;
  }

  private static final Map<String, Example> EXAMPLES = new LinkedHashMap<>();

  static {
    EXAMPLES.put("demo", new Example() {
      @Override
      public String description() {
        return "producer and consumer on the in-memory log: orders to 3 partitions, one group";
      }

      @Override
      public int run(String[] args, PrintStream out) {
        ClientsDemo.run(out);
        return 0;
      }
    });
    EXAMPLES.put("payroll", new Example() {
      @Override
      public String description() {
        return "payroll per department with moves and bonuses, verified against the input "
            + "(payroll --help)";
      }

      @Override
      public int run(String[] args, PrintStream out) throws Exception {
        return PayrollApp.run(args, out, System.err);
      }
    });
    EXAMPLES.put("tail", new Example() {
      @Override
      public String description() {
        return "print a topic's committed records as they arrive, read-only, beside a running "
            + "application (tail --help)";
      }

      @Override
      public int run(String[] args, PrintStream out) {
        return TailCommand.run(args, out, System.err);
      }
    });
  }

  private Main() {}

  public static void main(String[] args) throws Exception {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Dispatches on the first argument; returns the exit code (2 for a usage error). */
  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length == 0) {
      usage(err);
      return 2;
    }
    String name = args[0];
    if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
      usage(out);
      return 0;
    }
    Example example = EXAMPLES.get(name);
    if (example == null) {
      err.println("unknown example '" + name + "'");
      usage(err);
      return 2;
    }
    return example.run(Arrays.copyOfRange(args, 1, args.length), out);
  }

  private static void usage(PrintStream out) {
    out.println("usage: java -jar millrace-examples.jar <example> [args...]");
    out.println();
    out.println("examples:");
    for (Map.Entry<String, Example> e : EXAMPLES.entrySet()) {
      out.printf("  %-10s %s%n", e.getKey(), e.getValue().description());
    }
    out.printf("  %-10s %s%n", "--help", "print this help");
  }
}
