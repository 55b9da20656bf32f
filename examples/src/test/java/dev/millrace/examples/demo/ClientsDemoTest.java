package dev.millrace.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.clients.Partitioner;
import dev.millrace.log.TopicPartition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ClientsDemoTest {

  @Test
  void consumesEveryOrderOnceAndCommitsTheEnd() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ClientsDemo.Summary summary = ClientsDemo.run(new PrintStream(bytes, true,
        StandardCharsets.UTF_8));

    assertEquals(ClientsDemo.ORDERS, summary.records());
    // Orders i = 0..11 go to customer i % 4 with amount 10 * (i + 1).
    assertEquals(Map.of("alice", 150L, "bob", 180L, "carol", 210L, "dave", 240L),
        summary.totalPerCustomer());

    Map<Integer, Integer> expectedPerPartition = new TreeMap<>();
    for (String customer : new String[] {"alice", "bob", "carol", "dave"}) {
      int p = Partitioner.keyHashPartition(customer.getBytes(StandardCharsets.UTF_8), 3);
      expectedPerPartition.merge(p, 3, Integer::sum);
    }
    assertEquals(expectedPerPartition, summary.recordsPerPartition());
    Map<TopicPartition, Long> expectedCommitted = new TreeMap<>();
    for (int p = 0; p < 3; p++) {
      expectedCommitted.put(TopicPartition.of(ClientsDemo.TOPIC, p),
          (long) expectedPerPartition.getOrDefault(p, 0));
    }
    assertEquals(expectedCommitted, summary.committed());

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("records consumed:      12"), printed);
    assertEquals(12, printed.lines().filter(l -> l.trim().startsWith("got")).count(), printed);
    assertEquals(12, printed.lines().filter(l -> l.trim().startsWith("sent")).count(), printed);
  }
}
