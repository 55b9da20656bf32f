package dev.millrace.log.file.internal;

import dev.millrace.log.file.TempDirs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What a power loss may leave of a log directory. The log's channels note each file's size at
 * its last fsync; an image is a copy of the directory in which each such file keeps what its last
 * fsync covered and an arbitrary prefix of the rest (or is zeroed from a sector on, as blocks
 * allocated but never written read), and each index file, renamed into place without fsync, may
 * be gone. Small files replaced by write-fsync-rename are left as they are.
 */
final class PowerLoss {
  /** A file (by file key, so that a file renamed over it is another) and its durable size. */
  private record Synced(Object fileKey, long size) {}

  private final Map<Path, Synced> synced = new ConcurrentHashMap<>();

  /**
   * Channels for the log under test: they record what each fsync made durable. A file the log
   * opens that existed before counts as durable as it is (the log only opens such files after
   * recovery or after renaming an fsynced file into place), unless this tracker knows better.
   */
  ChannelFactory channels() {
    return (path, options) -> {
      FileChannel ch = FileChannel.open(path, options);
      Object key = fileKey(path);
      long size = ch.size();
      synced.compute(path, (p, known) -> known != null && known.fileKey().equals(key) ? known
          : new Synced(key, size));
      return FaultyChannel.watching(ch, new FaultyChannel.SyncListener() {
        @Override
        public void forced(long size) {
          synced.put(path, new Synced(key, size));
        }

        @Override
        public void truncated(long size) {
          synced.computeIfPresent(path, (p, known) -> new Synced(known.fileKey(),
              Math.min(known.size(), size)));
        }
      });
    };
  }

  private static Object fileKey(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  /**
   * A tracker for {@code image}, a copy of {@code dir} as a process crash leaves it: its files
   * are only as durable as their originals were, whatever the page cache still shows.
   */
  PowerLoss continuedIn(Path dir, Path image) throws IOException {
    PowerLoss next = new PowerLoss();
    for (Map.Entry<Path, Synced> e : synced.entrySet()) {
      Path copy = image.resolve(dir.relativize(e.getKey()).toString());
      if (Files.exists(copy)) {
        next.synced.put(copy, new Synced(fileKey(copy), e.getValue().size()));
      }
    }
    return next;
  }

  /** A damaged copy of {@code dir} (the log may still be open: its page cache is the input). */
  Path image(Path dir, Random rnd) throws IOException {
    Path image = TempDirs.snapshot(dir);
    for (Map.Entry<Path, Synced> e : synced.entrySet()) {
      Path f = image.resolve(dir.relativize(e.getKey()).toString());
      if (!Files.exists(f)) {
        continue;
      }
      long size = Files.size(f);
      long keep = Math.min(e.getValue().size(), size);
      if (keep == size || rnd.nextInt(3) == 0) {
        continue; // everything reached the disk anyway
      }
      long at = keep + (long) (rnd.nextDouble() * (size - keep + 1));
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
        if (rnd.nextInt(4) == 0) {
          at = Math.max(keep, at / 512 * 512);
          ch.write(ByteBuffer.allocate((int) (size - at)), at);
        } else {
          ch.truncate(at);
        }
      }
    }
    try (Stream<Path> files = Files.walk(image.resolve("topics"))) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().endsWith("index") && rnd.nextInt(3) == 0) {
          Files.delete(f);
        }
      }
    }
    return image;
  }
}
