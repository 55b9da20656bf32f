package dev.millrace.benchmarks.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** CPU time and peak resident memory of processes, from the JVM and Linux's /proc. */
final class ProcStats {
  /** USER_HZ: the unit of /proc/[pid]/stat times; 100 on every mainstream Linux build. */
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private ProcStats() {}

  /** CPU time (user + system, all threads) used by this JVM so far, in nanoseconds. */
  static long ownCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }

  /** Peak resident set size of this process (VmHWM), in KiB, if /proc tells. */
  static OptionalLong ownPeakRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return OptionalLong.of(Long.parseLong(line.substring(6).trim().split("\\s+")[0]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or /proc unreadable: the figure is reported as unknown
    }
    return OptionalLong.empty();
  }

  /** CPU time (user + system) used so far by process {@code pid}, in nanoseconds, if known. */
  static OptionalLong cpuNanosOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The command name (field 2) may contain spaces; fields are counted after its ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
      return OptionalLong.of(ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }
}
