package dev.millrace.runtime.internal;

/** The wall clock, replaceable so that the test driver can move it by hand. */
public interface Time {
  Time SYSTEM = System::currentTimeMillis;

  long milliseconds();
}
