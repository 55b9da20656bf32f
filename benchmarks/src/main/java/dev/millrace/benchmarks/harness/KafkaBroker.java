package dev.millrace.benchmarks.harness;

import dev.millrace.benchmarks.BenchFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A single-node Apache Kafka broker (KRaft, combined broker and controller, 127.0.0.1 only) run
 * as a child process from the classpath resolved at build time, in a temporary directory that
 * {@link #close()} deletes after stopping the process.
 */
final class KafkaBroker implements AutoCloseable {
  private static final String CLASSPATH_RESOURCE = "broker-classpath.txt";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final Process process;
  private final String bootstrapServers;

  private KafkaBroker(Path dir, Process process, String bootstrapServers) {
    this.dir = dir;
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Formats a fresh log directory under {@code parent}, starts the broker and waits until it
   * serves, then creates the internal topics so that no timed run pays for them.
   *
   * @throws IOException naming the broker log if it does not come up in time
   */
  static KafkaBroker start(Path parent, String javaBinary)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(parent, "kafka-");
    int port = freePort();
    int controllerPort = freePort();
    Properties config = new Properties();
    config.put("process.roles", "broker,controller");
    config.put("node.id", "1");
    config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:"
        + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    config.put("controller.listener.names", "CONTROLLER");
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    config.put("log.dirs", dir.resolve("data").toString());
    config.put("offsets.topic.replication.factor", "1");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    config.put("default.replication.factor", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    // Generated event times lie in the past: time-based retention would delete them at once.
    config.put("log.retention.ms", "-1");
    Path properties = dir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(properties)) {
      config.store(out, "written by the Millrace harness");
    }
    String classpath = brokerClasspath();
    Path log = dir.resolve("broker.log");
    run(javaBinary, classpath, log, "kafka.tools.StorageTool", "format", "-t",
        Uuid.randomUuid().toString(), "-c", properties.toString(), "--standalone");

    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      // Own session and process group: a Ctrl-C meant for the harness does not reach the broker
      // before the harness has stopped it in order.
      command.add("/usr/bin/setsid");
    }
    command.addAll(List.of(javaBinary, "-Xmx1g", "-cp", classpath, "kafka.Kafka",
        properties.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    KafkaBroker broker = new KafkaBroker(dir, process, "127.0.0.1:" + port);
    try {
      broker.awaitStarted(log);
      broker.createInternalTopics();
    } catch (IOException | InterruptedException | RuntimeException e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  long pid() {
    return process.pid();
  }

  private void awaitStarted(Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1)
          .contains("Kafka Server started")) {
        return;
      }
      if (!process.isAlive()) {
        throw new IOException("the Kafka broker exited with status " + process.exitValue()
            + " before starting; see " + log + ":\n" + tail(log));
      }
      Thread.sleep(100);
    }
    throw new IOException("the Kafka broker did not start within " + START_TIMEOUT.toSeconds()
        + " s; see " + log + ":\n" + tail(log));
  }

  /**
   * Creates {@code __consumer_offsets} and {@code __transaction_state} (50 partitions each, ~2 s)
   * with one transactional write and one group commit.
   */
  private void createInternalTopics() {
    String topic = "harness-warmup";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all()
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the warm-up topic on " + bootstrapServers, e);
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "harness-warmup");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
        new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "v"));
      producer.commitTransaction();
    }
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "harness-warmup");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
        new StringDeserializer())) {
      consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1)));
    }
  }

  /** Stops the broker (SIGTERM, then SIGKILL after a timeout) and deletes its directory. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    BenchFiles.deleteRecursively(dir);
  }

  private static void run(String java, String classpath, Path log, String... mainAndArgs)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(java, "-cp", classpath));
    command.addAll(List.of(mainAndArgs));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(mainAndArgs[0] + " did not finish within 60 s; see " + log);
    }
    if (p.exitValue() != 0) {
      throw new IOException(mainAndArgs[0] + " failed with status " + p.exitValue() + "; see "
          + log + ":\n" + tail(log));
    }
  }

  /** The broker's classpath, resolved by maven-dependency-plugin when the harness was built. */
  static String brokerClasspath() throws IOException {
    try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IOException(CLASSPATH_RESOURCE + " is missing from the harness: build it with "
            + "'mvn package' in benchmarks");
      }
      String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      for (String entry : classpath.split(java.io.File.pathSeparator)) {
        if (!Files.exists(Path.of(entry))) {
          throw new IOException("broker classpath entry " + entry + " does not exist: rebuild the "
              + "harness on this machine ('mvn package' in benchmarks)");
        }
      }
      return classpath;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
