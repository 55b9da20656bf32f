package dev.millrace.streams.processor;

/** Which clock a punctuation follows. */
public enum PunctuationType {
  /** Stream time: fires as record timestamps advance; never while no records arrive. */
  STREAM_TIME,
  /** Wall-clock time: fires as real (or, in the test driver, mocked) time passes. */
  WALL_CLOCK_TIME
}
