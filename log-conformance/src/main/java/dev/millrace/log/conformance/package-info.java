/**
 * The Log contract as executable checks: extend
 * {@link dev.millrace.log.conformance.LogConformanceSuite} in a test class and supply the log.
 * Everything else in this package is the suite's own machinery (generators, a reference model).
 */
package dev.millrace.log.conformance;
