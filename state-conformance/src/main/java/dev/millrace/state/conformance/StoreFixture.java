package dev.millrace.state.conformance;

import dev.millrace.state.spi.StoreContext;
import dev.millrace.state.spi.StoreEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One engine and a scratch directory for the stores a property opens; each call to {@link
 * #newContext()} names a fresh store with its own directory.
 */
final class StoreFixture implements AutoCloseable {
  static final String APPLICATION_ID = "conformance-app";

  private final StoreEngine engine;
  private final Path root;
  private final AtomicInteger storeCounter = new AtomicInteger();

  StoreFixture(StoreEngine engine) {
    this.engine = engine;
    try {
      this.root = Files.createTempDirectory("millrace-store-conformance");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  StoreEngine engine() {
    return engine;
  }

  StoreContext newContext() {
    String name = "store-" + storeCounter.incrementAndGet();
    Path dir = root.resolve(name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new StoreContext(APPLICATION_ID, "0_0", name, dir);
  }

  @Override
  public void close() {
    engine.close();
    deleteRecursively(root);
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
