package dev.millrace.benchmarks.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/** The harness's command line, parsed and checked. */
final class HarnessOptions {
  static final String USAGE = """
      usage: java -jar millrace-harness.jar [options]

      Runs the payroll workloads on Millrace and on Apache Kafka Streams, each run in a fresh JVM,
      verifies that every system produced the same results, and prints one table.

        --records N          input records, pre-generated with a fixed seed (default 200000)
        --employees N        distinct employees (default 50000)
        --departments N      departments (default 20)
        --seed S             generator seed (default 42)
        --workloads LIST     comma-separated subset of stateless,payroll,windowed (default all)
        --systems LIST       comma-separated subset of the rows (default all):
                             millrace-memory, millrace-file-alos, millrace-file-eos,
                             millrace-driver, kstreams-driver, kstreams-broker-eos,
                             kstreams-broker-alos
        --driver-records N   at most this many records for the test-driver rows, whose cost per
                             record is dominated by a commit per record (default 2000)
        --latency-probes N   records fed at 500/s after each run of a running application to
                             measure append-to-output latency; 0 skips it (default 2000)
        --child-heap SIZE    -Xmx of each child JVM (default 2g)
        --markdown FILE      also write the table as Markdown
        --csv FILE           also write the rows as CSV
        --work-dir DIR       where inputs, state and the broker live while running
                             (default: a new temporary directory, deleted at the end)
        --in-process         run rows in this JVM instead of a fresh one (for tests; no broker
                             rows; CPU and RSS are then the whole harness's)
        --help               this text
      """;

  int records = 200_000;
  int employees = 50_000;
  int departments = 20;
  long seed = 42;
  List<Workload> workloads = List.of(Workload.values());
  List<SystemRow> systems = List.of(SystemRow.values());
  int driverRecords = 2_000;
  int latencyProbes = LatencyProbe.DEFAULT_PROBES;
  String childHeap = "2g";
  Path markdown;
  Path csv;
  Path workDir;
  boolean inProcess;
  boolean help;

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException with a message fit for the user if an argument is wrong
   */
  static HarnessOptions parse(String... args) {
    HarnessOptions o = new HarnessOptions();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help", "-h" -> o.help = true;
        case "--in-process" -> o.inProcess = true;
        case "--records" -> o.records = positiveInt(a, value(args, ++i, a));
        case "--employees" -> o.employees = positiveInt(a, value(args, ++i, a));
        case "--departments" -> o.departments = positiveInt(a, value(args, ++i, a));
        case "--driver-records" -> o.driverRecords = positiveInt(a, value(args, ++i, a));
        case "--latency-probes" -> {
          String v = value(args, ++i, a);
          o.latencyProbes = v.equals("0") ? 0 : positiveInt(a, v);
        }
        case "--seed" -> {
          String v = value(args, ++i, a);
          try {
            o.seed = Long.parseLong(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed needs a whole number, got '" + v + "'");
          }
        }
        case "--workloads" -> {
          List<Workload> list = new ArrayList<>();
          for (String w : list(a, value(args, ++i, a))) {
            Workload workload = Workload.fromId(w);
            if (!list.contains(workload)) {
              list.add(workload);
            }
          }
          o.workloads = List.copyOf(list);
        }
        case "--systems" -> {
          EnumSet<SystemRow> set = EnumSet.noneOf(SystemRow.class);
          for (String s : list(a, value(args, ++i, a))) {
            set.add(SystemRow.fromId(s));
          }
          o.systems = List.copyOf(set);
        }
        case "--child-heap" -> {
          String v = value(args, ++i, a);
          if (!v.toLowerCase(Locale.ROOT).matches("[1-9][0-9]*[kmg]?")) {
            throw new IllegalArgumentException("--child-heap needs a size like 2g or 512m, got '"
                + v + "'");
          }
          o.childHeap = v;
        }
        case "--markdown" -> o.markdown = Path.of(value(args, ++i, a));
        case "--csv" -> o.csv = Path.of(value(args, ++i, a));
        case "--work-dir" -> o.workDir = Path.of(value(args, ++i, a));
        default -> throw new IllegalArgumentException("unknown option '" + a
            + "' (try --help)");
      }
    }
    if (o.inProcess && o.systems.stream().anyMatch(SystemRow::needsBroker)) {
      if (args.length > 0 && List.of(args).contains("--systems")) {
        throw new IllegalArgumentException("--in-process cannot run the broker rows; choose "
            + "--systems without kstreams-broker-*");
      }
      o.systems = o.systems.stream().filter(s -> !s.needsBroker()).toList();
    }
    return o;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int positiveInt(String option, String v) {
    try {
      int n = Integer.parseInt(v.replace("_", ""));
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " needs a positive whole number, got '" + v + "'");
  }

  private static List<String> list(String option, String v) {
    List<String> out = new ArrayList<>();
    for (String s : v.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(option + " needs at least one name");
    }
    return out;
  }
}
