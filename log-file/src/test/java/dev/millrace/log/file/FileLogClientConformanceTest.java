package dev.millrace.log.file;

import dev.millrace.log.Log;
import dev.millrace.log.conformance.ClientConformanceSuite;

/** The producer and consumer clients on the file log: the same suite every log passes. */
class FileLogClientConformanceTest extends ClientConformanceSuite {
  @Override
  protected Log createLog() {
    return FileLog.open(TempDirs.newDir(), FileLogConfig.defaults());
  }
}
