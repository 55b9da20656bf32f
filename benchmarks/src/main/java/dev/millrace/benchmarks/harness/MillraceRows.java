package dev.millrace.benchmarks.harness;

import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.state.StoreType;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.state.spi.StoreEngineProvider;
import java.util.Optional;
import java.util.ServiceLoader;

/** The Millrace rows of the harness: which exist in this build, and their runners. */
final class MillraceRows {
  private MillraceRows() {}

  static Optional<String> unavailable(SystemRow row, Workload workload) {
    if (!MillraceTopologies.supports(workload)) {
      return Optional.of("the Millrace DSL has no windowed aggregation yet");
    }
    return switch (row) {
      case MILLRACE_FILE_ALOS, MILLRACE_FILE_EOS -> Optional.of(
          "the file log (log-file) is not merged into this build yet");
      default -> Optional.empty();
    };
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

  static RowRunner runner(SystemRow row) {
    return switch (row) {
      case MILLRACE_MEMORY -> new MillraceRunner(dir -> InMemoryLog.create(), StoreType.IN_MEMORY,
          ProcessingGuarantee.AT_LEAST_ONCE);
      case MILLRACE_DRIVER -> new MillraceDriverRunner(persistentStoresAvailable()
          ? StoreType.PERSISTENT : StoreType.IN_MEMORY);
      default -> throw new IllegalStateException(row.id() + " is not available: "
          + unavailable(row, Workload.STATELESS).orElse("?"));
    };
  }
}
