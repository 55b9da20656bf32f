package dev.millrace.log.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.clients.AutoOffsetReset;
import dev.millrace.clients.Consumer;
import dev.millrace.clients.ConsumerConfig;
import dev.millrace.clients.ConsumerRecord;
import dev.millrace.clients.ConsumerRecords;
import dev.millrace.clients.InterruptException;
import dev.millrace.clients.NoOffsetForPartitionException;
import dev.millrace.clients.Partitioner;
import dev.millrace.clients.Producer;
import dev.millrace.clients.ProducerConfig;
import dev.millrace.clients.ProducerRecord;
import dev.millrace.clients.RecordDeserializationException;
import dev.millrace.clients.RecordMetadata;
import dev.millrace.clients.TransactionAbortedException;
import dev.millrace.log.Header;
import dev.millrace.log.IsolationLevel;
import dev.millrace.log.Log;
import dev.millrace.log.OffsetOutOfRangeException;
import dev.millrace.log.ProducerFencedException;
import dev.millrace.log.TopicConfig;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.UnknownTopicOrPartitionException;
import dev.millrace.serialization.Deserializer;
import dev.millrace.serialization.SerializationException;
import dev.millrace.serialization.Serdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The plain {@link Producer} and {@link Consumer} clients, run against a {@link Log}: every Log
 * implementation extends this class, supplying only {@link #createLog()}, and must pass it
 * unchanged.
 *
 * <p>Each test and each try of a property gets a fresh log and closes it. Nothing here depends on
 * timing: batching is observed through a recording log, and waits that should end at once have
 * generous upper bounds.
 */
public abstract class ClientConformanceSuite {
  /** Bound for waits that end as soon as the awaited data exists; never reached when passing. */
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String TOPIC = "events";

  /** A new, empty, open log; the suite closes it. */
  protected abstract Log createLog();

  // ---------------------------------------------------------------- producer

  @Test
  void sentRecordsArriveWithKeyValueTimestampHeadersAndTheirOffsets() throws Exception {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(3));
      List<Header> headers = List.of(new Header("trace", bytes("t-1")), new Header("empty", null));
      RecordMetadata first;
      RecordMetadata second;
      try (Producer<String, String> producer = producer(log, immediate())) {
        first = producer.send(new ProducerRecord<>(TOPIC, 2, 1_000L, "k", "v1", headers)).get();
        second = producer.send(new ProducerRecord<>(TOPIC, 2, 2_000L, null, null, null)).get();
      }
      assertEquals(new RecordMetadata(TopicPartition.of(TOPIC, 2), 0, 1_000L), first);
      assertEquals(new RecordMetadata(TopicPartition.of(TOPIC, 2), 1, 2_000L), second);

      try (Consumer<String, String> consumer = consumer(log, earliest(null).build())) {
        consumer.subscribe(List.of(TOPIC));
        List<ConsumerRecord<String, String>> got = pollAll(consumer);
        assertEquals(List.of(
            new ConsumerRecord<>(TopicPartition.of(TOPIC, 2), 0, 1_000L, "k", "v1", headers),
            new ConsumerRecord<>(TopicPartition.of(TOPIC, 2), 1, 2_000L, null, null, List.of())),
            got);
      }
    }
  }

  @Test
  void recordsWithoutTimestampAreStampedWhenSent() throws Exception {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      try (Producer<String, String> producer = producer(log, immediate())) {
        long before = System.currentTimeMillis();
        RecordMetadata m = producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get();
        long after = System.currentTimeMillis();
        assertTrue(m.timestamp() >= before && m.timestamp() <= after, () -> "stamp " + m);
      }
    }
  }

  @Property(tries = 30)
  void keyedRecordsLandWhereKafkasDefaultPartitionerPutsThem(
      @ForAll @Size(min = 1, max = 30) List<@net.jqwik.api.constraints.AlphaChars String> keys,
      @ForAll @IntRange(min = 1, max = 8) int partitions) throws Exception {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(partitions));
      try (Producer<String, String> producer = producer(log, immediate())) {
        for (String key : keys) {
          RecordMetadata m = producer.send(new ProducerRecord<>(TOPIC, key, "v")).get();
          assertEquals(Partitioner.keyHashPartition(bytes(key), partitions), m.partition(),
              () -> "key '" + key + "'");
        }
      }
    }
  }

  @Test
  void recordsWithoutKeyGoRoundRobinWhenEveryRecordIsAppendedAtOnce() throws Exception {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(3));
      try (Producer<String, String> producer = producer(log, immediate())) {
        List<Integer> partitions = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
          partitions.add(producer.send(new ProducerRecord<>(TOPIC, "v" + i)).get().partition());
        }
        for (int i = 1; i < partitions.size(); i++) {
          assertEquals((partitions.get(i - 1) + 1) % 3, (int) partitions.get(i), "" + partitions);
        }
      }
    }
  }

  @Test
  void recordsWithoutKeyStickToOnePartitionUntilItsBatchIsAppended() throws Exception {
    try (RecordingLog log = new RecordingLog(createLog())) {
      log.createTopic(TOPIC, TopicConfig.partitions(3));
      try (Producer<String, String> producer = producer(log, lingering())) {
        List<CompletableFuture<RecordMetadata>> batch1 = sendValues(producer, "a", 5);
        producer.flush();
        List<CompletableFuture<RecordMetadata>> batch2 = sendValues(producer, "b", 5);
        producer.flush();
        int p1 = onlyPartition(batch1);
        int p2 = onlyPartition(batch2);
        assertEquals((p1 + 1) % 3, p2);
        assertEquals(List.of(new RecordingLog.Append(TopicPartition.of(TOPIC, p1), 5),
            new RecordingLog.Append(TopicPartition.of(TOPIC, p2), 5)), log.appends());
      }
    }
  }

  @Test
  void explicitPartitionWinsOverPartitioner() throws Exception {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(4));
      ProducerConfig config = immediate().toBuilder()
          .partitioner((topic, key, keyBytes, n) -> n - 1).build();
      try (Producer<String, String> producer = producer(log, config)) {
        assertEquals(3, producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get().partition());
        assertEquals(1,
            producer.send(new ProducerRecord<>(TOPIC, 1, "k", "v")).get().partition());
        assertEquals(3, producer.send(new ProducerRecord<>(TOPIC, "v")).get().partition(),
            "a custom partitioner also places records without key");
      }
    }
  }

  @Test
  void badPartitionsAndUnknownTopicsFailTheSendAtOnce() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(2));
      ProducerConfig wild = immediate().toBuilder()
          .partitioner((topic, key, keyBytes, n) -> 7).build();
      try (Producer<String, String> producer = producer(log, immediate());
          Producer<String, String> wildProducer = producer(log, wild)) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> producer.send(new ProducerRecord<>(TOPIC, 2, "k", "v")));
        assertContains(e, "partition 2 of topic 'events', which has 2 partitions");
        e = assertThrows(IllegalArgumentException.class,
            () -> wildProducer.send(new ProducerRecord<>(TOPIC, "k", "v")));
        assertContains(e, "returned partition 7 for topic 'events', which has 2 partitions");
        assertThrows(UnknownTopicOrPartitionException.class,
            () -> producer.send(new ProducerRecord<>("missing", "k", "v")));
      }
      assertEquals(0, log.endOffset(TopicPartition.of(TOPIC, 0)) + log.endOffset(
          TopicPartition.of(TOPIC, 1)), "nothing was appended");
    }
  }

  @Test
  void serializationFailureNamesTheTopicAndAppendsNothing() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      try (Producer<String, String> producer = Producer.create(log, immediate(),
          Serdes.String().serializer(), (topic, value) -> {
            throw new IllegalStateException("no bytes for " + value);
          })) {
        SerializationException e = assertThrows(SerializationException.class,
            () -> producer.send(new ProducerRecord<>(TOPIC, "k", "v")));
        assertContains(e, "value of a record for topic 'events'");
        assertContains(e, "no bytes for v");
      }
      assertEquals(0, log.endOffset(TopicPartition.of(TOPIC, 0)));
    }
  }

  @Test
  void lingeringRecordsWaitForFlushAndAreAppendedAsOneBatchPerPartition() throws Exception {
    try (RecordingLog log = new RecordingLog(createLog())) {
      log.createTopic(TOPIC, TopicConfig.partitions(2));
      try (Producer<String, String> producer = producer(log, lingering())) {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          futures.add(producer.send(new ProducerRecord<>(TOPIC, i % 2, "k", "v" + i)));
        }
        assertTrue(futures.stream().noneMatch(CompletableFuture::isDone));
        assertEquals(List.of(), log.appends());

        producer.flush();
        assertEquals(Set.of(new RecordingLog.Append(TopicPartition.of(TOPIC, 0), 5),
            new RecordingLog.Append(TopicPartition.of(TOPIC, 1), 5)), Set.copyOf(log.appends()));
        assertEquals(1, log.flushes(), "flush makes the appended records durable");
        for (int i = 0; i < 10; i++) {
          RecordMetadata m = futures.get(i).getNow(null);
          assertEquals(new RecordMetadata(TopicPartition.of(TOPIC, i % 2), i / 2, m.timestamp()),
              m);
        }
      }
    }
  }

  @Test
  void aFullBatchIsAppendedWithoutWaitingForLingerOrFlush() throws Exception {
    try (RecordingLog log = new RecordingLog(createLog())) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      int recordSize = new dev.millrace.log.LogRecord(bytes("k"), bytes("v0"), 0, List.of())
          .sizeInBytes();
      ProducerConfig config = lingering().toBuilder().batchSizeBytes(3 * recordSize).build();
      try (Producer<String, String> producer = producer(log, config)) {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          futures.add(producer.send(new ProducerRecord<>(TOPIC, null, 0L, "k", "v" + i, null)));
        }
        assertEquals(List.of(new RecordingLog.Append(TopicPartition.of(TOPIC, 0), 3)),
            log.appends());
        assertTrue(futures.subList(0, 3).stream().allMatch(CompletableFuture::isDone));
        assertFalse(futures.get(3).isDone());
      }
      assertEquals(4, log.endOffset(TopicPartition.of(TOPIC, 0)), "close appends the rest");
    }
  }

  @Test
  void aLingeringBatchIsAppendedByItselfOnceLingerPasses() throws Exception {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      ProducerConfig config = ProducerConfig.builder().linger(Duration.ofMillis(20)).build();
      try (Producer<String, String> producer = producer(log, config)) {
        RecordMetadata m = producer.send(new ProducerRecord<>(TOPIC, "k", "v"))
            .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(0, m.offset());
      }
    }
  }

  @Test
  void closeAppendsBufferedRecordsFlushesAndRefusesFurtherSends() {
    try (RecordingLog log = new RecordingLog(createLog())) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      Producer<String, String> producer = producer(log, lingering());
      CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>(TOPIC, "k", "v"));
      producer.close();
      assertEquals(0, f.getNow(null).offset());
      assertEquals(1, log.flushes());
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> producer.send(new ProducerRecord<>(TOPIC, "k", "v")));
      assertContains(e, "closed");
      producer.close();
    }
  }

  @Test
  void closeStopsTheLingerThread() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      String clientId = "linger-check-" + System.nanoTime();
      Producer<String, String> producer = producer(log,
          ProducerConfig.builder().clientId(clientId).build());
      assertTrue(lingerThreadAlive(clientId), "a producer with linger > 0 has a linger thread");
      producer.close();
      assertFalse(lingerThreadAlive(clientId), "close() joins the linger thread");
    }
  }

  @Test
  void concurrentSendersKeepTheirOrderWithinAPartition() throws Exception {
    int threads = 4;
    int perThread = 300;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(2));
      ProducerConfig config = ProducerConfig.builder().batchSizeBytes(512).build();
      try (Producer<String, String> producer = producer(log, config)) {
        List<Future<?>> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          senders.add(executor.submit(() -> {
            for (int i = 0; i < perThread; i++) {
              producer.send(new ProducerRecord<>(TOPIC, thread % 2, "t" + thread, "" + i));
            }
          }));
        }
        for (Future<?> sender : senders) {
          sender.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
      }
      try (Consumer<String, String> consumer = consumer(log, earliest(null).build())) {
        consumer.subscribe(List.of(TOPIC));
        Map<String, List<Integer>> perSender = new TreeMap<>();
        for (ConsumerRecord<String, String> r : pollAll(consumer)) {
          assertEquals(Integer.parseInt(r.key().substring(1)) % 2, r.partition());
          perSender.computeIfAbsent(r.key(), k -> new ArrayList<>())
              .add(Integer.parseInt(r.value()));
        }
        List<Integer> inOrder = new ArrayList<>();
        for (int i = 0; i < perThread; i++) {
          inOrder.add(i);
        }
        assertEquals(threads, perSender.size());
        perSender.values().forEach(seen -> assertEquals(inOrder, seen));
      }
    } finally {
      executor.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- round trips

  @Property(tries = 40)
  void everythingSentIsPolledExactlyOnceInPartitionOrder(
      @ForAll("keys") List<String> keys,
      @ForAll @IntRange(min = 1, max = 4) int partitions,
      @ForAll @IntRange(min = 1, max = 20) int maxPollRecords,
      @ForAll boolean batched) throws Exception {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(partitions));
      List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
      try (Producer<String, String> producer = producer(log, batched ? lingering() : immediate())) {
        for (int i = 0; i < keys.size(); i++) {
          futures.add(producer.send(new ProducerRecord<>(TOPIC, keys.get(i), "v" + i)));
        }
      }
      Map<TopicPartition, List<String>> expected = new TreeMap<>();
      Map<String, Long> expectedOffsets = new HashMap<>();
      for (int i = 0; i < futures.size(); i++) {
        RecordMetadata m = futures.get(i).getNow(null);
        expected.computeIfAbsent(m.topicPartition(), tp -> new ArrayList<>()).add("v" + i);
        expectedOffsets.put("v" + i, m.offset());
        if (keys.get(i) != null) {
          assertEquals(Partitioner.keyHashPartition(bytes(keys.get(i)), partitions),
              m.partition());
        }
      }

      ConsumerConfig config = earliest(null).maxPollRecords(maxPollRecords).build();
      try (Consumer<String, String> consumer = consumer(log, config)) {
        consumer.subscribe(List.of(TOPIC));
        Map<TopicPartition, List<String>> got = new TreeMap<>();
        ConsumerRecords<String, String> batch;
        while (!(batch = consumer.poll(Duration.ZERO)).isEmpty()) {
          assertTrue(batch.count() <= maxPollRecords);
          for (ConsumerRecord<String, String> r : batch) {
            got.computeIfAbsent(r.topicPartition(), tp -> new ArrayList<>()).add(r.value());
            assertEquals(expectedOffsets.get(r.value()), r.offset());
          }
        }
        assertEquals(expected, got);
        assertTrue(consumer.poll(Duration.ofMillis(1)).isEmpty());
      }
    }
  }

  @Property(tries = 30)
  void committedPositionsResumeANewConsumerOfTheGroup(
      @ForAll @IntRange(min = 0, max = 40) int records,
      @ForAll @IntRange(min = 1, max = 3) int partitions,
      @ForAll @IntRange(min = 1, max = 7) int maxPollRecords,
      @ForAll @IntRange(min = 0, max = 4) int pollsBeforeCommit) {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(partitions));
      try (Producer<String, String> producer = producer(log, immediate())) {
        sendValues(producer, "v", records);
      }
      ConsumerConfig config = earliest("g").maxPollRecords(maxPollRecords)
          .enableAutoCommit(false).build();
      List<String> seen = new ArrayList<>();
      try (Consumer<String, String> first = consumer(log, config)) {
        first.subscribe(List.of(TOPIC));
        for (int i = 0; i < pollsBeforeCommit; i++) {
          first.poll(Duration.ZERO).forEach(r -> seen.add(r.value()));
        }
        first.commitSync();
        first.poll(Duration.ZERO); // read but not committed: must be delivered again
      }
      try (Consumer<String, String> second = consumer(log, config)) {
        second.subscribe(List.of(TOPIC));
        pollAll(second).forEach(r -> seen.add(r.value()));
      }
      List<String> all = new ArrayList<>();
      for (int i = 0; i < records; i++) {
        all.add("v" + i);
      }
      assertEquals(Set.copyOf(all), Set.copyOf(seen));
      assertEquals(records, seen.size(), () -> "duplicates in " + seen);
    }
  }

  @Test
  void pollsAreBoundedByRecordsAndBytesAndTakeTurnsAcrossPartitions() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(2));
      try (Producer<String, String> producer = producer(log, lingering())) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>(TOPIC, 0, "k", "a" + i));
          producer.send(new ProducerRecord<>(TOPIC, 1, "k", "b" + i));
        }
      }
      try (Consumer<String, String> consumer = consumer(log,
          earliest(null).maxPollRecords(3).build())) {
        consumer.subscribe(List.of(TOPIC));
        ConsumerRecords<String, String> first = consumer.poll(Duration.ZERO);
        ConsumerRecords<String, String> second = consumer.poll(Duration.ZERO);
        assertEquals(3, first.count());
        assertEquals(3, second.count());
        Set<TopicPartition> both = new HashSet<>(first.partitions());
        both.addAll(second.partitions());
        assertEquals(2, both.size(), "no partition waits while another has records");
      }
      try (Consumer<String, String> consumer = consumer(log,
          earliest(null).maxPartitionFetchBytes(1).build())) {
        consumer.assign(List.of(TopicPartition.of(TOPIC, 0)));
        assertEquals(List.of("a0"), valuesInOrder(List.copyOf(
            consumer.poll(Duration.ZERO).records(TOPIC))), "one record even if over the limit");
        assertEquals(1, consumer.poll(Duration.ZERO).count());
      }
    }
  }

  // ---------------------------------------------------------------- offsets and reset

  @Test
  void earliestStartsAtTheBeginningAndLatestAtTheEnd() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(2));
      try (Producer<String, String> producer = producer(log, immediate());
          Consumer<String, String> fromStart = consumer(log, earliest(null).build());
          Consumer<String, String> fromEnd = consumer(log, ConsumerConfig.builder().build())) {
        sendValues(producer, "old", 4);
        fromStart.subscribe(List.of(TOPIC));
        fromEnd.subscribe(List.of(TOPIC));
        assertTrue(fromEnd.poll(Duration.ZERO).isEmpty(), "latest is Kafka's default");
        sendValues(producer, "new", 2);
        assertEquals(Set.of("new0", "new1"), values(pollAll(fromEnd)));
        assertEquals(Set.of("old0", "old1", "old2", "old3", "new0", "new1"),
            values(pollAll(fromStart)));
      }
    }
  }

  @Test
  void resetNoneNamesThePartitionsWithoutOffsetUntilTheyAreSought() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(2));
      try (Producer<String, String> producer = producer(log, immediate())) {
        sendValues(producer, "v", 4);
      }
      ConsumerConfig config = ConsumerConfig.builder().groupId("strict")
          .autoOffsetReset(AutoOffsetReset.NONE).build();
      try (Consumer<String, String> consumer = consumer(log, config)) {
        TopicPartition p0 = TopicPartition.of(TOPIC, 0);
        TopicPartition p1 = TopicPartition.of(TOPIC, 1);
        consumer.assign(List.of(p0, p1));
        log.commitOffsets("strict", Map.of(p1, 1L));
        NoOffsetForPartitionException e = assertThrows(NoOffsetForPartitionException.class,
            () -> consumer.poll(Duration.ZERO));
        assertEquals(Set.of(p0), e.partitions());
        assertContains(e, "events-0");
        assertContains(e, "group 'strict'");
        consumer.seek(p0, 0);
        assertEquals(1, consumer.position(p1), "the committed offset is the start");
        long expected = log.endOffset(p0) + log.endOffset(p1) - 1;
        assertEquals(expected, pollAll(consumer).size());
      }
    }
  }

  @Test
  void aPositionBelowTheBeginningIsResetByPolicy() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      TopicPartition p0 = TopicPartition.of(TOPIC, 0);
      try (Producer<String, String> producer = producer(log, immediate())) {
        sendValues(producer, "v", 5);
      }
      log.commitOffsets("g", Map.of(p0, 1L));
      log.deleteRecordsBefore(p0, 3);
      try (Consumer<String, String> consumer = consumer(log, earliest("g").build())) {
        consumer.assign(List.of(p0));
        assertEquals(List.of("v3", "v4"), valuesInOrder(pollAll(consumer)));
      }
    }
  }

  @Test
  void recordsReadBeforeAnErrorInAnotherPartitionAreReturnedNotLost() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(2));
      TopicPartition p0 = TopicPartition.of(TOPIC, 0);
      TopicPartition p1 = TopicPartition.of(TOPIC, 1);
      try (Producer<String, String> producer = producer(log, immediate())) {
        producer.send(new ProducerRecord<>(TOPIC, 0, "k", "kept"));
        producer.send(new ProducerRecord<>(TOPIC, 1, "k", "other"));
      }
      ConsumerConfig config = ConsumerConfig.builder().autoOffsetReset(AutoOffsetReset.NONE)
          .build();
      try (Consumer<String, String> consumer = consumer(log, config)) {
        consumer.assign(List.of(p0, p1));
        consumer.seek(p0, 0);
        consumer.seek(p1, 5);
        assertEquals(Set.of("kept"), values(consumer.poll(Duration.ZERO)));
        assertEquals(1, consumer.position(p0));
        OffsetOutOfRangeException e = assertThrows(OffsetOutOfRangeException.class,
            () -> consumer.poll(Duration.ZERO));
        assertContains(e, "events-1");
        consumer.seek(p1, 0);
        assertEquals(List.of("other"), valuesInOrder(pollAll(consumer)));
      }
    }
  }

  @Test
  void seekMovesThePositionBackAndForth() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      TopicPartition p0 = TopicPartition.of(TOPIC, 0);
      try (Producer<String, String> producer = producer(log, immediate())) {
        sendValues(producer, "v", 5);
      }
      try (Consumer<String, String> consumer = consumer(log, earliest(null).build())) {
        consumer.assign(List.of(p0));
        assertEquals(5, pollAll(consumer).size());
        assertEquals(5, consumer.position(p0));
        consumer.seek(p0, 2);
        assertEquals(List.of("v2", "v3", "v4"), valuesInOrder(pollAll(consumer)));
        consumer.seekToBeginning(List.of());
        assertEquals(0, consumer.position(p0));
        consumer.seekToEnd(List.of(p0));
        assertEquals(5, consumer.position(p0));
        assertTrue(consumer.poll(Duration.ZERO).isEmpty());

        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> consumer.seek(TopicPartition.of(TOPIC, 1), 0));
        assertContains(e, "events-1");
        assertContains(e, "not assigned");
      }
    }
  }

  @Test
  void commitSyncStoresPositionsOrGivenOffsetsAndNeedsAGroup() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(2));
      TopicPartition p0 = TopicPartition.of(TOPIC, 0);
      TopicPartition p1 = TopicPartition.of(TOPIC, 1);
      try (Producer<String, String> producer = producer(log, immediate())) {
        for (int i = 0; i < 3; i++) {
          producer.send(new ProducerRecord<>(TOPIC, 0, "k", "v" + i));
        }
      }
      try (Consumer<String, String> consumer = consumer(log,
          earliest("g").enableAutoCommit(false).build())) {
        consumer.assign(List.of(p0, p1));
        assertEquals(Map.of(), consumer.committed(Set.of(p0, p1)));
        pollAll(consumer);
        consumer.commitSync();
        assertEquals(Map.of(p0, 3L, p1, 0L), consumer.committed(Set.of(p0, p1)));
        consumer.commitSync(Map.of(p0, 1L));
        assertEquals(Map.of(p0, 1L), log.committedOffsets("g", List.of(p0)));
      }
      try (Consumer<String, String> noGroup = consumer(log, earliest(null).build())) {
        noGroup.assign(List.of(p0));
        IllegalStateException e = assertThrows(IllegalStateException.class, noGroup::commitSync);
        assertContains(e, "group id");
      }
    }
  }

  @Test
  void autoCommitStoresWhatWasPolledOnClose() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      TopicPartition p0 = TopicPartition.of(TOPIC, 0);
      try (Producer<String, String> producer = producer(log, immediate())) {
        sendValues(producer, "v", 3);
      }
      try (Consumer<String, String> consumer = consumer(log, earliest("auto").build())) {
        consumer.subscribe(List.of(TOPIC));
        assertEquals(3, pollAll(consumer).size());
        assertEquals(Map.of(), log.committedOffsets("auto", List.of(p0)),
            "the interval (5 s) has not passed");
      }
      assertEquals(Map.of(p0, 3L), log.committedOffsets("auto", List.of(p0)));
    }
  }

  @Test
  void autoCommitWithZeroIntervalCommitsWhatEarlierPollsReturned() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      TopicPartition p0 = TopicPartition.of(TOPIC, 0);
      try (Producer<String, String> producer = producer(log, immediate())) {
        sendValues(producer, "v", 3);
      }
      ConsumerConfig config = earliest("auto").maxPollRecords(2)
          .autoCommitInterval(Duration.ZERO).build();
      try (Consumer<String, String> consumer = consumer(log, config)) {
        consumer.subscribe(List.of(TOPIC));
        assertEquals(2, consumer.poll(Duration.ZERO).count());
        assertEquals(Map.of(), log.committedOffsets("auto", List.of(p0)));
        assertEquals(1, consumer.poll(Duration.ZERO).count());
        assertEquals(Map.of(p0, 2L), log.committedOffsets("auto", List.of(p0)));
      }
    }
  }

  // ---------------------------------------------------------------- subscription

  @Test
  void subscribeAssignsEveryPartitionAndPicksUpTopicsCreatedLater() throws Exception {
    try (Log log = createLog()) {
      log.createTopic("a", TopicConfig.partitions(2));
      try (Consumer<String, String> consumer = consumer(log, earliest(null).build());
          Producer<String, String> producer = producer(log, immediate())) {
        consumer.subscribe(List.of("a", "b"));
        assertEquals(Set.of(TopicPartition.of("a", 0), TopicPartition.of("a", 1)),
            consumer.assignment());
        assertEquals(Set.of("a", "b"), consumer.subscription());
        log.createTopic("b", TopicConfig.partitions(1));
        producer.send(new ProducerRecord<>("b", "k", "late")).get();
        assertEquals(Set.of("late"), values(pollUntil(consumer, 1)));
        assertTrue(consumer.assignment().contains(TopicPartition.of("b", 0)));

        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> consumer.assign(List.of(TopicPartition.of("a", 0))));
        assertContains(e, "mutually exclusive");
        consumer.unsubscribe();
        assertEquals(Set.of(), consumer.assignment());
        e = assertThrows(IllegalStateException.class, () -> consumer.poll(Duration.ZERO));
        assertContains(e, "neither subscribed");
      }
    }
  }

  @Test
  void assigningAMissingPartitionNamesIt() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(2));
      try (Consumer<String, String> consumer = consumer(log, earliest(null).build())) {
        UnknownTopicOrPartitionException e = assertThrows(UnknownTopicOrPartitionException.class,
            () -> consumer.assign(List.of(TopicPartition.of(TOPIC, 2))));
        assertContains(e, "events-2");
        assertThrows(UnknownTopicOrPartitionException.class,
            () -> consumer.assign(List.of(TopicPartition.of("missing", 0))));
      }
    }
  }

  @Test
  void pollWaitsForRecordsAppendedWhileItWaits() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(2));
      try (Consumer<String, String> consumer = consumer(log, ConsumerConfig.builder().build());
          Producer<String, String> producer = producer(log, immediate())) {
        consumer.subscribe(List.of(TOPIC));
        assertTrue(consumer.poll(Duration.ofMillis(5)).isEmpty());
        Future<ConsumerRecords<String, String>> polled =
            executor.submit(() -> consumer.poll(PATIENCE));
        producer.send(new ProducerRecord<>(TOPIC, 1, "k", "wake")).get();
        ConsumerRecords<String, String> got = polled.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(Set.of("wake"), values(got));
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void anInterruptedPollThrowsAndKeepsTheInterruptFlag() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      try (Consumer<String, String> consumer = consumer(log, earliest(null).build())) {
        consumer.subscribe(List.of(TOPIC));
        Thread.currentThread().interrupt();
        try {
          InterruptException e = assertThrows(InterruptException.class,
              () -> consumer.poll(PATIENCE));
          assertContains(e, "interrupted");
          assertTrue(Thread.currentThread().isInterrupted());
        } finally {
          Thread.interrupted();
        }
      }
    }
  }

  @Test
  void aClosedConsumerRefusesEveryCall() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      Consumer<String, String> consumer = consumer(log, earliest("g").build());
      consumer.subscribe(List.of(TOPIC));
      consumer.close();
      consumer.close();
      for (Runnable call : List.<Runnable>of(() -> consumer.poll(Duration.ZERO),
          consumer::commitSync, () -> consumer.subscribe(List.of(TOPIC)),
          () -> consumer.seek(TopicPartition.of(TOPIC, 0), 0), consumer::assignment)) {
        assertContains(assertThrows(IllegalStateException.class, call::run), "closed");
      }
    }
  }

  // ---------------------------------------------------------------- errors

  @Test
  void aRecordThatFailsToDeserializeIsNamedAndCanBeSkipped() {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      TopicPartition p0 = TopicPartition.of(TOPIC, 0);
      try (Producer<String, String> producer = producer(log, immediate())) {
        for (String v : List.of("1", "2", "x", "4")) {
          producer.send(new ProducerRecord<>(TOPIC, "k", v));
        }
      }
      Deserializer<Integer> numbers = (topic, data) -> {
        String s = new String(data, StandardCharsets.UTF_8);
        try {
          return Integer.parseInt(s);
        } catch (NumberFormatException e) {
          throw new SerializationException("'" + s + "' is not a number");
        }
      };
      try (Consumer<String, Integer> consumer = Consumer.create(log, earliest(null).build(),
          Serdes.String().deserializer(), numbers)) {
        consumer.assign(List.of(p0));
        List<Integer> first = new ArrayList<>();
        consumer.poll(Duration.ZERO).forEach(r -> first.add(r.value()));
        assertEquals(List.of(1, 2), first, "records before the bad one come first");

        for (int attempt = 0; attempt < 2; attempt++) {
          RecordDeserializationException e = assertThrows(RecordDeserializationException.class,
              () -> consumer.poll(Duration.ZERO));
          assertEquals(p0, e.topicPartition());
          assertEquals(2, e.offset());
          assertContains(e, "value of the record at events-0 offset 2");
          assertContains(e, "'x' is not a number");
          assertEquals(2, consumer.position(p0), "the position stays at the bad record");
        }
        consumer.seek(p0, 3);
        List<Integer> rest = new ArrayList<>();
        consumer.poll(Duration.ZERO).forEach(r -> rest.add(r.value()));
        assertEquals(List.of(4), rest);
      }
    }
  }

  // ---------------------------------------------------------------- transactions

  @Provide
  Arbitrary<List<List<Object>>> transactions() {
    Arbitrary<List<Object>> txn = Combinators.combine(
        Arbitraries.integers().between(0, 4), Arbitraries.of(true, false))
        .as((records, commit) -> List.<Object>of(records, commit));
    return txn.list().ofMaxSize(6);
  }

  @Property(tries = 30)
  void readCommittedSeesExactlyTheCommittedTransactions(
      @ForAll("transactions") List<List<Object>> transactions,
      @ForAll boolean batched) throws Exception {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(2));
      log.createTopic("in", TopicConfig.partitions(1));
      TopicPartition input = TopicPartition.of("in", 0);
      ProducerConfig config = (batched ? lingering() : immediate()).toBuilder()
          .transactionalId("tx").build();
      Set<String> appended = new HashSet<>();
      Set<String> committed = new HashSet<>();
      Long lastCommittedOffset = null;
      try (Producer<String, String> producer = producer(log, config)) {
        producer.initTransactions();
        for (int t = 0; t < transactions.size(); t++) {
          int records = (Integer) transactions.get(t).get(0);
          boolean commit = (Boolean) transactions.get(t).get(1);
          producer.beginTransaction();
          List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
          for (int i = 0; i < records; i++) {
            futures.add(producer.send(new ProducerRecord<>(TOPIC, "k" + i, t + "-" + i)));
          }
          producer.sendOffsetsToTransaction(Map.of(input, (long) t + 1), "g");
          if (commit) {
            producer.commitTransaction();
            lastCommittedOffset = (long) t + 1;
          } else {
            producer.abortTransaction();
          }
          for (int i = 0; i < records; i++) {
            CompletableFuture<RecordMetadata> f = futures.get(i);
            assertTrue(f.isDone());
            if (!f.isCompletedExceptionally()) {
              appended.add(t + "-" + i);
              if (commit) {
                committed.add(t + "-" + i);
              }
            } else {
              assertFalse(commit, "a committed transaction's futures all succeed");
              ExecutionException e = assertThrows(ExecutionException.class, f::get);
              assertInstanceOf(TransactionAbortedException.class, e.getCause());
            }
          }
        }
      }
      try (Consumer<String, String> readCommitted = consumer(log, earliest(null)
              .isolationLevel(IsolationLevel.READ_COMMITTED).build());
          Consumer<String, String> readUncommitted = consumer(log, earliest(null).build())) {
        readCommitted.subscribe(List.of(TOPIC));
        readUncommitted.subscribe(List.of(TOPIC));
        assertEquals(committed, values(pollAll(readCommitted)));
        assertEquals(appended, values(pollAll(readUncommitted)));
      }
      assertEquals(lastCommittedOffset == null ? Map.of() : Map.of(input, lastCommittedOffset),
          log.committedOffsets("g", List.of(input)));
    }
  }

  @Test
  void readCommittedConsumerWaitsForTheOpenTransaction() throws Exception {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      TopicPartition p0 = TopicPartition.of(TOPIC, 0);
      ProducerConfig config = lingering().toBuilder().transactionalId("tx").build();
      try (Producer<String, String> plain = producer(log, immediate());
          Producer<String, String> producer = producer(log, config);
          Consumer<String, String> readCommitted = consumer(log, earliest(null)
              .isolationLevel(IsolationLevel.READ_COMMITTED).build());
          Consumer<String, String> latestCommitted = consumer(log, ConsumerConfig.builder()
              .isolationLevel(IsolationLevel.READ_COMMITTED).build());
          Consumer<String, String> readUncommitted = consumer(log, earliest(null).build())) {
        readCommitted.subscribe(List.of(TOPIC));
        readUncommitted.subscribe(List.of(TOPIC));
        plain.send(new ProducerRecord<>(TOPIC, "k", "before")).get();
        producer.initTransactions();
        producer.beginTransaction();
        CompletableFuture<RecordMetadata> pending =
            producer.send(new ProducerRecord<>(TOPIC, "k", "pending"));
        producer.flush();
        assertTrue(pending.isDone(), "flush appends inside the transaction");
        assertEquals(Set.of("before", "pending"), values(pollAll(readUncommitted)));
        assertEquals(Set.of("before"), values(pollAll(readCommitted)));
        assertTrue(readCommitted.poll(Duration.ofMillis(5)).isEmpty());

        latestCommitted.assign(List.of(p0));
        assertEquals(1, latestCommitted.position(p0), "latest is the last stable offset");
        latestCommitted.seekToEnd(List.of());
        assertEquals(1, latestCommitted.position(p0));

        producer.commitTransaction();
        assertEquals(Set.of("pending"), values(pollUntil(readCommitted, 1)));
        assertEquals(Set.of("pending"), values(pollUntil(latestCommitted, 1)));
      }
    }
  }

  @Test
  void closingWithAnOpenTransactionAbortsIt() throws Exception {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      ProducerConfig config = lingering().toBuilder().transactionalId("tx").build();
      Producer<String, String> producer = producer(log, config);
      producer.initTransactions();
      producer.beginTransaction();
      CompletableFuture<RecordMetadata> appended =
          producer.send(new ProducerRecord<>(TOPIC, "k", "appended"));
      producer.flush();
      CompletableFuture<RecordMetadata> buffered =
          producer.send(new ProducerRecord<>(TOPIC, "k", "buffered"));
      producer.close();
      assertEquals(0, appended.get().offset());
      ExecutionException e = assertThrows(ExecutionException.class, buffered::get);
      assertInstanceOf(TransactionAbortedException.class, e.getCause());
      try (Consumer<String, String> consumer = consumer(log, earliest(null)
          .isolationLevel(IsolationLevel.READ_COMMITTED).build())) {
        consumer.subscribe(List.of(TOPIC));
        assertEquals(Set.of(), values(pollAll(consumer)));
        assertEquals(log.endOffset(TopicPartition.of(TOPIC, 0)),
            consumer.position(TopicPartition.of(TOPIC, 0)), "nothing is left open");
      }
    }
  }

  @Test
  void aTransactionWithAFailedAppendCannotCommitOnlyAbort() throws Exception {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      log.createTopic("doomed", TopicConfig.partitions(1));
      ProducerConfig config = immediate().toBuilder().transactionalId("tx").build();
      try (Producer<String, String> producer = producer(log, config)) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("doomed", "k", "first")).get();
        producer.send(new ProducerRecord<>(TOPIC, "k", "kept-back")).get();
        log.deleteTopic("doomed");
        CompletableFuture<RecordMetadata> lost =
            producer.send(new ProducerRecord<>("doomed", "k", "second"));
        ExecutionException failed = assertThrows(ExecutionException.class, lost::get);
        assertInstanceOf(UnknownTopicOrPartitionException.class, failed.getCause());

        IllegalStateException e = assertThrows(IllegalStateException.class,
            producer::commitTransaction);
        assertContains(e, "an append inside it failed");
        assertContains(e, "abortTransaction()");
        producer.abortTransaction();
      }
      try (Consumer<String, String> consumer = consumer(log, earliest(null)
          .isolationLevel(IsolationLevel.READ_COMMITTED).build())) {
        consumer.subscribe(List.of(TOPIC));
        assertEquals(Set.of(), values(pollAll(consumer)), "the transaction was all or nothing");
      }
    }
  }

  @Test
  void transactionalCallsAreCheckedAndANewerProducerFencesTheOlder() throws Exception {
    try (Log log = createLog()) {
      log.createTopic(TOPIC, TopicConfig.partitions(1));
      try (Producer<String, String> plain = producer(log, immediate())) {
        assertContains(assertThrows(IllegalStateException.class, plain::initTransactions),
            "no transactional.id");
        assertContains(assertThrows(IllegalStateException.class, plain::beginTransaction),
            "needs a transactional producer");
      }
      ProducerConfig config = immediate().toBuilder().transactionalId("tx").build();
      try (Producer<String, String> older = producer(log, config);
          Producer<String, String> newer = producer(log, config)) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> older.send(new ProducerRecord<>(TOPIC, "k", "v")));
        assertContains(e, "outside a transaction");
        assertContains(assertThrows(IllegalStateException.class, older::beginTransaction),
            "before initTransactions()");
        older.initTransactions();
        assertContains(assertThrows(IllegalStateException.class, older::commitTransaction),
            "no transaction open");
        older.beginTransaction();
        older.send(new ProducerRecord<>(TOPIC, "k", "zombie")).get();

        newer.initTransactions();
        assertThrows(ProducerFencedException.class, older::commitTransaction);
        assertThrows(ProducerFencedException.class,
            () -> older.send(new ProducerRecord<>(TOPIC, "k", "v")));
        newer.beginTransaction();
        newer.send(new ProducerRecord<>(TOPIC, "k", "live")).get();
        newer.commitTransaction();
      }
      try (Consumer<String, String> consumer = consumer(log, earliest(null)
          .isolationLevel(IsolationLevel.READ_COMMITTED).build())) {
        consumer.subscribe(List.of(TOPIC));
        assertEquals(Set.of("live"), values(pollAll(consumer)));
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  @Provide
  Arbitrary<List<String>> keys() {
    return Arbitraries.strings().alpha().ofMaxLength(3).injectNull(0.3).list().ofMaxSize(60);
  }

  private static ProducerConfig immediate() {
    return ProducerConfig.builder().linger(Duration.ZERO).build();
  }

  /** Batches that only size, flush, commit or close append: linger never passes in a test. */
  private static ProducerConfig lingering() {
    return ProducerConfig.builder().linger(ProducerConfig.MAX_LINGER)
        .batchSizeBytes(ProducerConfig.MAX_BATCH_SIZE_BYTES).build();
  }

  private static ConsumerConfig.Builder earliest(String groupId) {
    return ConsumerConfig.builder().groupId(groupId).autoOffsetReset(AutoOffsetReset.EARLIEST);
  }

  private static Producer<String, String> producer(Log log, ProducerConfig config) {
    return Producer.create(log, config, Serdes.String().serializer(),
        Serdes.String().serializer());
  }

  private static Consumer<String, String> consumer(Log log, ConsumerConfig config) {
    return Consumer.create(log, config, Serdes.String().deserializer(),
        Serdes.String().deserializer());
  }

  private static List<CompletableFuture<RecordMetadata>> sendValues(
      Producer<String, String> producer, String prefix, int count) {
    List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      futures.add(producer.send(new ProducerRecord<>(TOPIC, prefix + i)));
    }
    return futures;
  }

  private static int onlyPartition(List<CompletableFuture<RecordMetadata>> futures) {
    Set<Integer> partitions = new HashSet<>();
    futures.forEach(f -> partitions.add(f.getNow(null).partition()));
    assertEquals(1, partitions.size(), () -> "partitions " + partitions);
    return partitions.iterator().next();
  }

  /** Polls without waiting until a poll returns nothing: everything readable now. */
  private static <K, V> List<ConsumerRecord<K, V>> pollAll(Consumer<K, V> consumer) {
    List<ConsumerRecord<K, V>> all = new ArrayList<>();
    ConsumerRecords<K, V> batch;
    while (!(batch = consumer.poll(Duration.ZERO)).isEmpty()) {
      batch.forEach(all::add);
    }
    return all;
  }

  /** Polls, waiting, until at least {@code count} records came. */
  private static <K, V> List<ConsumerRecord<K, V>> pollUntil(Consumer<K, V> consumer,
      int count) {
    List<ConsumerRecord<K, V>> all = new ArrayList<>();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (all.size() < count && System.nanoTime() < deadline) {
      consumer.poll(PATIENCE).forEach(all::add);
    }
    return all;
  }

  private static boolean lingerThreadAlive(String clientId) {
    String name = "millrace-producer-" + clientId + "-linger";
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  private static <V> Set<V> values(Iterable<? extends ConsumerRecord<?, V>> records) {
    Set<V> values = new HashSet<>();
    records.forEach(r -> values.add(r.value()));
    return values;
  }

  private static <V> List<V> valuesInOrder(List<? extends ConsumerRecord<?, V>> records) {
    List<V> values = new ArrayList<>();
    records.forEach(r -> values.add(r.value()));
    return values;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertContains(Throwable e, String expected) {
    assertTrue(e.getMessage() != null && e.getMessage().contains(expected),
        () -> "expected '" + expected + "' in: " + e.getMessage());
  }
}
