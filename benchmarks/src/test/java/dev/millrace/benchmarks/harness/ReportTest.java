package dev.millrace.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static RowResult ok(Workload w, SystemRow row, double seconds) {
    RowResult r = new RowResult(w, row);
    r.status = RowResult.Status.OK;
    r.records = 1000;
    r.processingSeconds = seconds;
    r.wallSeconds = seconds + 1;
    r.cpuSeconds = 0.5;
    r.peakRssMb = 100;
    return r;
  }

  private final List<RowResult> rows = List.of(
      ok(Workload.PAYROLL, SystemRow.MILLRACE_MEMORY, 0.5),
      ok(Workload.PAYROLL, SystemRow.KSTREAMS_BROKER_EOS, 2.0),
      ok(Workload.STATELESS, SystemRow.KSTREAMS_DRIVER, 1.0),
      ok(Workload.PAYROLL, SystemRow.KSTREAMS_DRIVER, 1.0),
      RowResult.skipped(Workload.WINDOWED, SystemRow.MILLRACE_MEMORY, "no windows yet"));
  private final Report report = new Report(rows, HarnessOptions.parse());

  @Test
  void csvHasTheDocumentedColumnsAndOnlyRunsThatCounted() {
    List<String> lines = report.csv().lines().toList();
    assertEquals("workload,system,mode,records,wall_s,records_per_s,cpu_s,peak_rss_mb,p50_ms,"
        + "p99_ms", lines.get(0));
    assertEquals(5, lines.size());
    assertEquals("payroll,millrace-memory,\"in-memory log + in-memory stores, at-least-once\",1000,"
        + "1.500,2000,0.500,"
        + "100.0,,", lines.get(1));
    assertEquals("payroll,kstreams-broker-eos,\"broker, exactly_once_v2, 2 threads, 4 "
        + "partitions\",1000,3.000,500,0.500,100.0,,", lines.get(2));
  }

  @Test
  void millraceRowsShowTheirRatioToKafkaStreamsOfTheSameWorkload() {
    String text = report.text();
    String millrace = text.lines().filter(l -> l.startsWith("payroll") && l.contains("millrace"))
        .findFirst().orElseThrow();
    assertTrue(millrace.contains("4.00x kstreams-broker-eos"), millrace);
    assertTrue(!millrace.contains("kstreams-driver"), "no driver-to-application ratio: " + millrace);
    assertTrue(text.contains("skipped: no windows yet"), text);
  }

  @Test
  void markdownIsATable() {
    List<String> lines = report.markdown().lines().toList();
    assertTrue(lines.get(2).startsWith("| workload | system |"), lines.get(2));
    assertTrue(lines.get(3).startsWith("|---|---|---|---:|"), lines.get(3));
    assertEquals(5, lines.stream().filter(l -> l.startsWith("| ") && !l.startsWith("| workload"))
        .count());
  }
}
