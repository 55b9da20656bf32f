package dev.millrace.runtime.internal;

import dev.millrace.log.Header;
import dev.millrace.log.LogRecord;
import dev.millrace.log.StoredRecord;
import dev.millrace.log.TopicPartition;
import dev.millrace.runtime.StreamsException;
import dev.millrace.streams.ErrorHandler;
import dev.millrace.streams.StreamsConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the configured {@link ErrorHandler}s of one thread: fail with a {@link StreamsException},
 * or log, count the record as skipped and (dead letter) copy it to the dead-letter topic.
 */
final class ErrorRouter {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorRouter.class);

  enum Kind {
    DESERIALIZATION("cannot deserialize input"),
    PROCESSING("processing failed"),
    PRODUCTION("cannot produce output");

    final String text;

    Kind(String text) {
      this.text = text;
    }
  }

  private final StreamsConfig config;
  private final RecordCollector collector;
  private final ThreadMetrics metrics;

  ErrorRouter(StreamsConfig config, RecordCollector collector, ThreadMetrics metrics) {
    this.config = config;
    this.collector = collector;
    this.metrics = metrics;
  }

  /**
   * Handles an error about input record {@code raw} of {@code partition} (both null outside
   * record processing: cache flushes at commit, punctuations).
   *
   * @throws StreamsException if the handler says to fail
   */
  void handle(Kind kind, TaskId task, TopicPartition partition, StoredRecord raw, Throwable error) {
    ErrorHandler handler = switch (kind) {
      case DESERIALIZATION -> config.deserializationErrorHandler();
      case PROCESSING -> config.processingErrorHandler();
      case PRODUCTION -> config.productionErrorHandler();
    };
    String where = raw == null
        ? "outside record processing (cache flush or punctuation)"
        : "record of " + partition + " at offset " + raw.offset();
    String message = kind.text + " in task " + task + " for " + where + ": " + error;
    switch (handler.action()) {
      case FAIL -> throw new StreamsException(message + " (error handler: FAIL)", error);
      case LOG_AND_CONTINUE -> LOG.warn("{}; record skipped (error handler: LOG_AND_CONTINUE)",
          message, error);
      case DEAD_LETTER -> {
        if (raw != null) {
          collector.send(new TopicPartition(handler.deadLetterTopic(), 0),
              deadLetter(raw, partition, kind, error));
        }
        LOG.warn("{}; record skipped and sent to dead-letter topic '{}'", message,
            handler.deadLetterTopic(), error);
      }
    }
    metrics.recordSkipped();
  }

  /** Counts a record an operator chose to skip. */
  void skipped(TaskId task, TopicPartition partition, StoredRecord raw, String reason) {
    LOG.debug("task {} skipped {}: {}", task,
        raw == null ? "a record" : "record of " + partition + " at offset " + raw.offset(), reason);
    metrics.recordSkipped();
  }

  private static LogRecord deadLetter(StoredRecord raw, TopicPartition partition, Kind kind,
      Throwable error) {
    List<Header> headers = new ArrayList<>(raw.headers());
    headers.add(header("millrace.error.topic", partition.topic()));
    headers.add(header("millrace.error.partition", Integer.toString(partition.partition())));
    headers.add(header("millrace.error.offset", Long.toString(raw.offset())));
    headers.add(header("millrace.error.kind", kind.name()));
    headers.add(header("millrace.error.exception", String.valueOf(error)));
    long ts = raw.timestamp() >= 0 ? raw.timestamp() : LogRecord.NO_TIMESTAMP;
    return new LogRecord(raw.key(), raw.value(), ts, headers);
  }

  private static Header header(String key, String value) {
    return new Header(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
