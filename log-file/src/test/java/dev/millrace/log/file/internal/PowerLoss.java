package dev.millrace.log.file.internal;

import dev.millrace.log.file.TempDirs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
  private final Map<Path, Long> synced = new ConcurrentHashMap<>();

  /** Channels for the log under test: they record what each fsync made durable. */
  ChannelFactory channels() {
    return FaultyChannel.trackingSyncs(synced);
  }

  /** A damaged copy of {@code dir} (the log may still be open: its page cache is the input). */
  Path image(Path dir, Random rnd) throws IOException {
    Path image = TempDirs.snapshot(dir);
    for (Map.Entry<Path, Long> e : synced.entrySet()) {
      Path f = image.resolve(dir.relativize(e.getKey()).toString());
      if (!Files.exists(f)) {
        continue;
      }
      long size = Files.size(f);
      long keep = Math.min(e.getValue(), size);
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
