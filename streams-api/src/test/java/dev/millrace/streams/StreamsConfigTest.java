package dev.millrace.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamsConfigTest {
  @Test
  void defaults() {
    StreamsConfig c = StreamsConfig.builder("app").build();
    assertEquals("app", c.applicationId());
    assertEquals(ProcessingGuarantee.EXACTLY_ONCE, c.processingGuarantee());
    assertEquals(Duration.ofMillis(100), c.commitInterval());
    assertEquals(Duration.ofSeconds(30), StreamsConfig.builder("app")
        .processingGuarantee(ProcessingGuarantee.AT_LEAST_ONCE).build().commitInterval());
    assertEquals(1, c.numStreamThreads());
    assertEquals(10L * 1024 * 1024, c.cacheMaxBytes());
    assertEquals(ErrorHandler.fail(), c.processingErrorHandler());
  }

  @Test
  void invalidSettingsAreRejectedNamingTheSetting() {
    assertMessage("applicationId", () -> StreamsConfig.builder("my app"));
    assertMessage("commitInterval", () -> StreamsConfig.builder("a").commitInterval(Duration.ZERO));
    assertMessage("numStreamThreads", () -> StreamsConfig.builder("a").numStreamThreads(0));
    assertMessage("cacheMaxBytes", () -> StreamsConfig.builder("a").cacheMaxBytes(-1));
    assertMessage("maxPollRecords", () -> StreamsConfig.builder("a").maxPollRecords(0));
    assertThrows(IllegalArgumentException.class, () -> ErrorHandler.deadLetter("no spaces"));
  }

  private static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void exactlyOnceCommitsEvery100MillisecondsByDefault() {
    StreamsConfig eos = StreamsConfig.builder("a")
        .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).build();
    assertEquals(Duration.ofMillis(100), eos.commitInterval());
    assertEquals(Duration.ofSeconds(2), StreamsConfig.builder("a")
        .commitInterval(Duration.ofSeconds(2))
        .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).build().commitInterval());
  }

  @Test
  void toBuilderKeepsEverySetting() {
    StreamsConfig c = StreamsConfig.builder("a").numStreamThreads(3).cacheMaxBytes(7)
        .commitInterval(Duration.ofMillis(9)).maxPollRecords(11)
        .processingErrorHandler(ErrorHandler.deadLetter("d"))
        .storeEngineSetting("x", 1).build();
    StreamsConfig copy = c.toBuilder().build();
    assertEquals(c.toString(), copy.toString());
    assertEquals(c.storeEngineSettings(), copy.storeEngineSettings());
    assertEquals(5, c.toBuilder().numStreamThreads(5).build().numStreamThreads());
    assertEquals(3, c.numStreamThreads());
  }

  @Test
  void errorHandlersDescribeThemselves() {
    assertEquals("DEAD_LETTER(dlq)", ErrorHandler.deadLetter("dlq").toString());
    assertEquals(ErrorHandler.Action.LOG_AND_CONTINUE, ErrorHandler.logAndContinue().action());
  }
}
