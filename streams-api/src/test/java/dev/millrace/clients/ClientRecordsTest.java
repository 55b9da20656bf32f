package dev.millrace.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.millrace.log.Header;
import dev.millrace.log.TopicPartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientRecordsTest {
  private static final TopicPartition A0 = TopicPartition.of("a", 0);
  private static final TopicPartition A1 = TopicPartition.of("a", 1);
  private static final TopicPartition B0 = TopicPartition.of("b", 0);

  @Test
  void producerRecordValidatesAndDefaults() {
    ProducerRecord<String, String> r = new ProducerRecord<>("t", "v");
    assertEquals(null, r.key());
    assertEquals(null, r.partition());
    assertEquals(null, r.timestamp());
    assertEquals(List.of(), r.headers());
    assertMessage("partition must be >= 0, got -1 for topic 't'",
        () -> new ProducerRecord<>("t", -1, "k", "v"));
    assertMessage("timestamp must be >= 0, got -2 for topic 't'",
        () -> new ProducerRecord<>("t", null, -2L, "k", "v", null));
    assertMessage("topic must not be empty", () -> new ProducerRecord<>("", "v"));
    assertThrows(NullPointerException.class, () -> new ProducerRecord<>(null, "v"));
  }

  @Test
  void producerRecordCopiesHeaders() {
    List<Header> headers = new ArrayList<>(List.of(new Header("h", new byte[] {1})));
    ProducerRecord<String, String> r = new ProducerRecord<>("t", 0, 5L, "k", "v", headers);
    headers.clear();
    assertEquals(List.of(new Header("h", new byte[] {1})), r.headers());
  }

  @Test
  void consumerRecordsGroupByPartitionInGivenOrder() {
    Map<TopicPartition, List<ConsumerRecord<String, String>>> map = new LinkedHashMap<>();
    map.put(B0, List.of(rec(B0, 3), rec(B0, 4)));
    map.put(A1, List.of(rec(A1, 0)));
    map.put(A0, List.of());
    ConsumerRecords<String, String> records = new ConsumerRecords<>(map);

    assertEquals(3, records.count());
    assertEquals(List.of(B0, A1), List.copyOf(records.partitions()), "empty lists are dropped");
    List<Long> offsets = new ArrayList<>();
    records.forEach(r -> offsets.add(r.offset()));
    assertEquals(List.of(3L, 4L, 0L), offsets);
    assertEquals(List.of(rec(A1, 0)), records.records("a"));
    assertEquals(List.of(), records.records(A0));
    assertTrue(ConsumerRecords.empty().isEmpty());
    map.clear();
    assertEquals(3, records.count(), "the map was copied");
  }

  @Test
  void recordMetadataAndConsumerRecordRejectNegativeOffsets() {
    assertMessage("offset must be >= 0, got -1", () -> new RecordMetadata(A0, -1, 0));
    assertMessage("offset must be >= 0, got -1",
        () -> new ConsumerRecord<>(A0, -1, 0, "k", "v", List.of()));
    RecordMetadata m = new RecordMetadata(A1, 9, 100);
    assertEquals("a", m.topic());
    assertEquals(1, m.partition());
  }

  @Test
  void deserializationErrorNamesPartitionAndOffsetAndHowToSkip() {
    RecordDeserializationException e = new RecordDeserializationException(B0, 17, "value",
        new IllegalStateException("bad bytes"));
    assertEquals(B0, e.topicPartition());
    assertEquals(17, e.offset());
    assertTrue(e.getMessage().contains("value of the record at b-0 offset 17: bad bytes"),
        e.getMessage());
    assertTrue(e.getMessage().contains("seek to 18 to skip it"), e.getMessage());
  }

  private static ConsumerRecord<String, String> rec(TopicPartition tp, long offset) {
    return new ConsumerRecord<>(tp, offset, 1L, "k" + offset, "v" + offset, List.of());
  }

  private static void assertMessage(String expected, Runnable call) {
    ProducerConfigTest.assertMessage(expected, call);
  }
}
