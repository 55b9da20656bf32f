package dev.millrace.benchmarks.harness;

import java.nio.file.Path;
import java.util.List;

/** Runs one workload on one system over pre-generated input and measures it. */
interface RowRunner {

  /**
   * Where and with what a run happens.
   *
   * @param workDir an empty directory the run may use and leave behind (the caller deletes it)
   * @param bootstrapServers the broker's address, for rows that need one, else null
   * @param brokerPid the broker's process id, or -1
   * @param runId unique among the runs sharing a broker; used to name topics and groups
   * @param latencyProbes records to feed for the latency measurement after the run; 0: none
   */
  record Context(Path workDir, String bootstrapServers, long brokerPid, String runId,
      int latencyProbes) {}

  /**
   * Loads {@code input} into the system, processes it, reads the output back until it matches
   * {@code expected} (or the system stops making progress), and returns what it saw.
   */
  RunMeasurement run(Workload workload, List<InputRecord> input, Results expected, Context context)
      throws Exception;
}
