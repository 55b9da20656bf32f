/**
 * Testing topologies: {@link dev.millrace.testkit.TopologyTestDriver} runs the real runtime
 * synchronously over an in-memory log; {@link dev.millrace.testkit.TestInputTopic} and
 * {@link dev.millrace.testkit.TestOutputTopic} pipe and read typed records.
 */
package dev.millrace.testkit;
