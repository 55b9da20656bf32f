package dev.millrace.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * What one run of one workload on one system measured from inside: the processing window (from
 * the moment the system may start processing pre-loaded input until its output holds the expected
 * results), the CPU this process used in that window, optional latency percentiles, and the output
 * it produced.
 */
final class RunMeasurement {
  long records;
  long processingNanos;
  long cpuNanos = -1;
  double p50Ms = Double.NaN;
  double p99Ms = Double.NaN;
  Results observed;
  final List<String> notes = new ArrayList<>();

  private long startNanos;
  private long startCpu;
  private long brokerPid = -1;
  private long brokerStartCpu = -1;

  /** Opens the processing window. */
  void start() {
    startCpu = ProcStats.ownCpuNanos();
    startNanos = System.nanoTime();
  }

  /** Opens the processing window and also follows a broker's CPU time over it. */
  void start(long brokerPid) {
    this.brokerPid = brokerPid;
    brokerStartCpu = ProcStats.cpuNanosOf(brokerPid).orElse(-1);
    start();
  }

  /** Closes the processing window. */
  void stop() {
    processingNanos = System.nanoTime() - startNanos;
    long endCpu = ProcStats.ownCpuNanos();
    cpuNanos = startCpu < 0 || endCpu < 0 ? -1 : endCpu - startCpu;
    if (brokerPid > 0 && brokerStartCpu >= 0) {
      long brokerEnd = ProcStats.cpuNanosOf(brokerPid).orElse(-1);
      if (brokerEnd >= 0) {
        notes.add(String.format("broker CPU %.1f s", (brokerEnd - brokerStartCpu) / 1e9));
      }
    }
  }
}
