package dev.millrace.log.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary log directories for tests, all deleted when the test JVM exits. */
public final class TempDirs {
  private static final Path ROOT = create();

  private TempDirs() {}

  private static Path create() {
    try {
      Path root = Files.createTempDirectory("millrace-filelog-test");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path newDir() {
    try {
      return Files.createTempDirectory(ROOT, "log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A new directory holding a copy of the tree under {@code from}: the files as a process that
   * dies right now leaves them (the page cache survives a process crash), to damage further the
   * way a power loss would.
   */
  public static Path snapshot(Path from) {
    Path to = newDir();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }

  public static void delete(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // best effort cleanup of temporary files
    }
  }
}
