package dev.millrace.benchmarks.harness;

import dev.millrace.log.file.FileLog;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.state.StoreType;
import dev.millrace.state.spi.StoreEngineProvider;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsConfig;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The Millrace rows of the harness: which can run in this build, and their runners. Rows become
 * available by themselves as the pieces they need (RocksDB store engine, exactly-once commits,
 * windows) appear on the classpath.
 */
final class MillraceRows {
  private MillraceRows() {}

  static Optional<String> unavailable(SystemRow row, Workload workload) {
    if (!MillraceTopologies.supports(workload)) {
      return Optional.of("the Millrace DSL has no windowed aggregation yet");
    }
    if (row == SystemRow.MILLRACE_FILE_ALOS || row == SystemRow.MILLRACE_FILE_EOS) {
      if (!persistentStoresAvailable()) {
        return Optional.of("no RocksDB store engine is registered in this build");
      }
      if (row == SystemRow.MILLRACE_FILE_EOS && !exactlyOnceAvailable()) {
        return Optional.of("the runtime does not offer exactly-once yet");
      }
    }
    return Optional.empty();
  }

  /** True if a RocksDB (persistent) store engine is registered on the classpath. */
  static boolean persistentStoresAvailable() {
    for (StoreEngineProvider p : ServiceLoader.load(StoreEngineProvider.class)) {
      if (p.type() == StoreType.PERSISTENT) {
        return true;
      }
    }
    return false;
  }

  /** True if the runtime accepts {@link ProcessingGuarantee#EXACTLY_ONCE}. */
  static boolean exactlyOnceAvailable() {
    try {
      StreamsConfig.builder("probe").processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).build();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static RowRunner runner(SystemRow row) {
    return switch (row) {
      case MILLRACE_MEMORY -> new MillraceRunner(dir -> InMemoryLog.create(), StoreType.IN_MEMORY,
          ProcessingGuarantee.AT_LEAST_ONCE);
      case MILLRACE_FILE_ALOS -> new MillraceRunner(FileLog::open, StoreType.PERSISTENT,
          ProcessingGuarantee.AT_LEAST_ONCE);
      case MILLRACE_FILE_EOS -> new MillraceRunner(FileLog::open, StoreType.PERSISTENT,
          ProcessingGuarantee.EXACTLY_ONCE);
      case MILLRACE_DRIVER -> new MillraceDriverRunner(persistentStoresAvailable()
          ? StoreType.PERSISTENT : StoreType.IN_MEMORY);
      default -> throw new IllegalArgumentException(row.id() + " is not a Millrace row");
    };
  }
}
