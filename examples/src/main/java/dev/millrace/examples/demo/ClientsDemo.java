package dev.millrace.examples.demo;

import dev.millrace.clients.AutoOffsetReset;
import dev.millrace.clients.Consumer;
import dev.millrace.clients.ConsumerConfig;
import dev.millrace.clients.ConsumerRecord;
import dev.millrace.clients.Producer;
import dev.millrace.clients.ProducerConfig;
import dev.millrace.clients.ProducerRecord;
import dev.millrace.log.Log;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.memory.InMemoryLog;
import dev.millrace.serialization.Serdes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The plain clients end to end: a producer writes orders keyed by customer to a 3-partition topic
 * on the in-memory log; a consumer in group {@code billing} reads them all, prints each, commits,
 * and prints a summary (records per partition, total per customer, committed offsets).
 */
public final class ClientsDemo {
  static final String TOPIC = "orders";
  static final String GROUP = "billing";
  private static final List<String> CUSTOMERS = List.of("alice", "bob", "carol", "dave");
  static final int ORDERS = 12;

  /** What the consumer saw, for the summary and for tests. */
  public record Summary(int records, Map<Integer, Integer> recordsPerPartition,
      Map<String, Long> totalPerCustomer, Map<TopicPartition, Long> committed) {}

  private ClientsDemo() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the demo, printing to {@code out}. */
  public static Summary run(PrintStream out) {
    try (Log log = InMemoryLog.create()) {
      log.createTopic(TOPIC, TopicConfig.partitions(3));
      produce(log, out);
      return consume(log, out);
    }
  }

  private static void produce(Log log, PrintStream out) {
    out.println("== producing " + ORDERS + " orders to '" + TOPIC + "' (3 partitions)");
    try (Producer<String, Long> producer = Producer.create(log, ProducerConfig.defaults(),
        Serdes.String().serializer(), Serdes.Long().serializer())) {
      for (int i = 0; i < ORDERS; i++) {
        String customer = CUSTOMERS.get(i % CUSTOMERS.size());
        long amount = 10L * (i + 1);
        producer.send(new ProducerRecord<>(TOPIC, customer, amount))
            .thenAccept(m -> out.printf("   sent %-6s %4d -> %s offset %d%n", customer, amount,
                m.topicPartition(), m.offset()));
      }
      producer.flush();
    }
  }

  private static Summary consume(Log log, PrintStream out) {
    out.println("== consuming in group '" + GROUP + "'");
    ConsumerConfig config = ConsumerConfig.builder().groupId(GROUP)
        .autoOffsetReset(AutoOffsetReset.EARLIEST).build();
    Map<Integer, Integer> perPartition = new TreeMap<>();
    Map<String, Long> perCustomer = new TreeMap<>();
    int seen = 0;
    try (Consumer<String, Long> consumer = Consumer.create(log, config,
        Serdes.String().deserializer(), Serdes.Long().deserializer())) {
      consumer.subscribe(List.of(TOPIC));
      while (seen < ORDERS) {
        for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofSeconds(1))) {
          out.printf("   got  %-6s %4d <- %s offset %d%n", r.key(), r.value(),
              r.topicPartition(), r.offset());
          perPartition.merge(r.partition(), 1, Integer::sum);
          perCustomer.merge(r.key(), r.value(), Long::sum);
          seen++;
        }
      }
      consumer.commitSync();
      Set<TopicPartition> partitions = consumer.assignment();
      Map<TopicPartition, Long> committed = new TreeMap<>(consumer.committed(partitions));
      Summary summary = new Summary(seen, perPartition, perCustomer, committed);
      out.println("== summary");
      out.println("   records consumed:      " + seen);
      out.println("   records per partition: " + perPartition);
      out.println("   total per customer:    " + perCustomer);
      out.println("   committed offsets:     " + committed.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
      return summary;
    }
  }
}
