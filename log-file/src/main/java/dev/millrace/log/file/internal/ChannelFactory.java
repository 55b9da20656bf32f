package dev.millrace.log.file.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the file channels of segments and the transaction journal. A seam so that tests can
 * inject I/O faults (a full disk) below the log without touching the real file system.
 */
@FunctionalInterface
public interface ChannelFactory {
  ChannelFactory DEFAULT = FileChannel::open;

  FileChannel open(Path path, OpenOption... options) throws IOException;
}
