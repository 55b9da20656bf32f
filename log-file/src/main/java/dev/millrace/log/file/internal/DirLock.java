package dev.millrace.log.file.internal;

import dev.millrace.log.LogStorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The writer's exclusive lock on a log directory: an OS file lock on {@code <dir>/.lock}, which
 * the OS releases when the holder dies (even by SIGKILL), with the holder's pid written inside so
 * that a refused opener can say who holds it.
 */
final class DirLock implements AutoCloseable {
  static final String FILE_NAME = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DirLock acquire(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        throw new LogStorageException("log directory " + dir + " is already open for writing in "
            + "this process (pid " + ProcessHandle.current().pid() + "); close it first or "
            + "open it read-only");
      }
      if (lock == null) {
        throw new LogStorageException("log directory " + dir + " is locked by another process "
            + "(pid " + holder(ch) + "); only one writer may open it, others may open it "
            + "read-only");
      }
      byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
      SafeFiles.writeFully(ch, ByteBuffer.wrap(pid), 0); // over the last holder's: no new block
      ch.truncate(pid.length);
      ch.force(false);
      return new DirLock(ch, lock);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new LogStorageException("cannot lock log directory " + dir + " (" + file + "): "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private static String holder(FileChannel ch) {
    try {
      ByteBuffer b = ByteBuffer.allocate(32);
      ch.read(b, 0);
      String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
      return s.isEmpty() ? "unknown" : s;
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // Nothing to release beyond the descriptor.
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // Closing the channel releases it as well.
    }
    closeQuietly(channel);
  }
}
