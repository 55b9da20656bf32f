package dev.millrace.runtime.internal;

import dev.millrace.log.Log;
import dev.millrace.streams.ProcessingGuarantee;
import dev.millrace.streams.StreamsConfig;
import java.util.function.Function;

/** The commit sink of each task, by processing guarantee. */
public final class CommitSinks {
  private CommitSinks() {}

  public static Function<TaskId, CommitSink> forConfig(StreamsConfig config, Log log) {
    if (config.processingGuarantee() == ProcessingGuarantee.EXACTLY_ONCE) {
      return task -> new ExactlyOnceCommitSink(log, config.applicationId() + "-" + task);
    }
    CommitSink shared = new AtLeastOnceCommitSink(log);
    return task -> shared;
  }
}
