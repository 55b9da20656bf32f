package dev.millrace.benchmarks.harness;

import java.util.Optional;

/** The Millrace rows of the harness: which exist in this build, and their runners. */
final class MillraceRows {
  private MillraceRows() {}

  static Optional<String> unavailable(SystemRow row, Workload workload) {
    return Optional.of("the Millrace runtime (dev.millrace.runtime.Streams) is not in this build yet");
  }

  static RowRunner runner(SystemRow row) {
    throw new IllegalStateException(row.id() + " is not available: "
        + unavailable(row, Workload.STATELESS).orElse("?"));
  }
}
