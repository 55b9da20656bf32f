package dev.millrace.log.file;

import dev.millrace.log.Log;
import dev.millrace.log.conformance.LogConformanceSuite;
import java.util.Optional;

/**
 * The file log against the whole Log contract, including the durability and read-only checks.
 * Directories live under {@link TempDirs}, removed when the test JVM exits.
 */
class FileLogConformanceTest extends LogConformanceSuite {
  @Override
  protected Log createLog() {
    return FileLog.open(TempDirs.newDir(), FileLogConfig.defaults());
  }

  @Override
  protected Optional<Log> reopen(Log closed) {
    return Optional.of(FileLog.open(((FileLog) closed).directory(), FileLogConfig.defaults()));
  }

  @Override
  protected Optional<Log> openReadOnly(Log writable) {
    return Optional.of(FileLog.openReadOnly(((FileLog) writable).directory()));
  }
}
