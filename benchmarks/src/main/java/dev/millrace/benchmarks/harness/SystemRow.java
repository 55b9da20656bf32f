package dev.millrace.benchmarks.harness;

import java.util.Locale;
import java.util.Optional;

/**
 * One system configuration the harness can run a workload on: a row of the report. Rows whose
 * system is not built yet, or that cannot run a given workload, are skipped with {@link
 * #unavailable} saying why.
 */
enum SystemRow {
  MILLRACE_MEMORY("millrace-memory", "Millrace", "in-memory log + in-memory stores, at-least-once", false),
  MILLRACE_FILE_ALOS("millrace-file-alos", "Millrace", "file log + RocksDB, at-least-once", false),
  MILLRACE_FILE_EOS("millrace-file-eos", "Millrace", "file log + RocksDB, exactly-once", false),
  MILLRACE_DRIVER("millrace-driver", "Millrace", "TopologyTestDriver", false),
  KSTREAMS_DRIVER("kstreams-driver", "Kafka Streams", "TopologyTestDriver, RocksDB", false),
  KSTREAMS_BROKER_EOS("kstreams-broker-eos", "Kafka Streams",
      "broker, exactly_once_v2, 2 threads, 4 partitions", true),
  KSTREAMS_BROKER_ALOS("kstreams-broker-alos", "Kafka Streams",
      "broker, at_least_once, 2 threads, 4 partitions", true);

  private final String id;
  private final String system;
  private final String mode;
  private final boolean needsBroker;

  SystemRow(String id, String system, String mode, boolean needsBroker) {
    this.id = id;
    this.system = system;
    this.mode = mode;
    this.needsBroker = needsBroker;
  }

  String id() {
    return id;
  }

  String system() {
    return system;
  }

  String mode() {
    return mode;
  }

  boolean needsBroker() {
    return needsBroker;
  }

  boolean isKafkaStreams() {
    return system.equals("Kafka Streams");
  }

  /** Test-driver rows: synchronous, one record at a time, capped by --driver-records. */
  boolean isTestDriver() {
    return this == MILLRACE_DRIVER || this == KSTREAMS_DRIVER;
  }

  /** Why this row cannot run {@code workload} in this build, or empty if it can. */
  Optional<String> unavailable(Workload workload) {
    if (isKafkaStreams()) {
      return Optional.empty();
    }
    return MillraceRows.unavailable(this, workload);
  }

  /** The runner for this row; only call when {@link #unavailable} is empty. */
  RowRunner runner() {
    return switch (this) {
      case KSTREAMS_DRIVER -> new KafkaTestDriverRunner();
      case KSTREAMS_BROKER_EOS -> new KafkaBrokerRunner("exactly_once_v2");
      case KSTREAMS_BROKER_ALOS -> new KafkaBrokerRunner("at_least_once");
      default -> MillraceRows.runner(this);
    };
  }

  /**
   * The row named {@code id}.
   *
   * @throws IllegalArgumentException listing the known rows if there is none
   */
  static SystemRow fromId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    StringBuilder known = new StringBuilder();
    for (SystemRow r : values()) {
      if (r.id.equals(wanted)) {
        return r;
      }
      known.append(known.length() == 0 ? "" : ", ").append(r.id);
    }
    throw new IllegalArgumentException("unknown system '" + id + "' (known: " + known + ")");
  }
}
