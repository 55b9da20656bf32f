package dev.millrace.log.file;

import dev.millrace.log.Log;
import dev.millrace.log.conformance.LogConformanceSuite;
import java.util.Optional;

/** The file log against the whole Log contract, including the durability checks. */
class FileLogConformanceTest extends LogConformanceSuite {
  @Override
  protected Log createLog() {
    return FileLog.open(TempDirs.newDir(), FileLogConfig.defaults());
  }

  @Override
  protected Optional<Log> reopen(Log closed) {
    return Optional.of(FileLog.open(((FileLog) closed).directory(), FileLogConfig.defaults()));
  }
}
