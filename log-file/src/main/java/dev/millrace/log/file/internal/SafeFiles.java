package dev.millrace.log.file.internal;

import dev.millrace.log.LogStorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** File-system steps that make small files and directory changes crash-safe. */
final class SafeFiles {
  static final String TMP_SUFFIX = ".tmp";

  private SafeFiles() {}

  /**
   * Replaces {@code target} by {@code content} so that a crash leaves either the old or the new
   * file, never a mix: write a temporary sibling, fsync it, rename it over the target, fsync the
   * directory so the rename itself is durable.
   */
  static void writeAtomically(Path target, ByteBuffer content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(ch, content, 0);
      ch.force(true);
    }
    moveAtomically(tmp, target);
  }

  /**
   * Replaces {@code target} by {@code content} atomically but without fsync: for files that are
   * checked on load (magic, size, CRC) and rebuilt from the segment when damaged or missing, so a
   * crash may lose them but never makes the log wrong. A failed write leaves no temporary file
   * behind (it would hold space on a full disk).
   */
  static void writeRebuildable(ChannelFactory channels, Path target, ByteBuffer content)
      throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
    try {
      try (FileChannel ch = channels.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        writeFully(ch, content, 0);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
  }

  static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new LogStorageException("file system of " + to + " cannot rename atomically", e);
    }
    fsyncDirectory(to.getParent());
  }

  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms refuse to open directories; the rename is then as durable as they allow.
      if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
        throw e;
      }
    }
  }

  static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      pos += ch.write(buf, pos);
    }
  }

  /** Reads {@code buf.remaining()} bytes at {@code position}; false if the file ends first. */
  static boolean readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        return false;
      }
      pos += n;
    }
    return true;
  }

  static ByteBuffer readAll(Path file) throws IOException {
    return ByteBuffer.wrap(Files.readAllBytes(file));
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
