package dev.millrace.state.rocksdb.internal;

import dev.millrace.state.spi.StoreCorruptedException;
import dev.millrace.state.spi.StoreException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Properties;

/**
 * The marker file {@value #FILE_NAME} in a store directory: which store the directory holds and in
 * which layout. A directory whose marker does not match the store being opened is never reused.
 *
 * <p>Format (version 1): UTF-8 text, one {@code key=value} per line, keys
 * <pre>
 * format.version=1
 * application.id=&lt;application id&gt;
 * store.name=&lt;store name&gt;
 * store.kind=key-value | window | session
 * segment.interval.ms=&lt;ms&gt;      (window and session only; the layout depends on it)
 * </pre>
 * Written to a temporary file, forced to disk, then atomically renamed over the marker.
 *
 * @param segmentIntervalMs 0 for key-value stores
 */
record StoreMetadata(
    int formatVersion, String applicationId, String storeName, String kind, long segmentIntervalMs) {
  static final String FILE_NAME = "millrace-store.properties";
  static final int FORMAT_VERSION = 1;

  static final String KEY_VALUE = "key-value";
  static final String WINDOW = "window";
  static final String SESSION = "session";

  StoreMetadata {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(storeName, "storeName");
    Objects.requireNonNull(kind, "kind");
  }

  static StoreMetadata current(String applicationId, String storeName, String kind, long segmentIntervalMs) {
    return new StoreMetadata(FORMAT_VERSION, applicationId, storeName, kind, segmentIntervalMs);
  }

  /** The marker in {@code dir}, or null if there is none. */
  static StoreMetadata read(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StoreCorruptedException("cannot read store marker " + file + ": " + e, e);
    }
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
      return new StoreMetadata(
          Integer.parseInt(required(p, "format.version", file)),
          required(p, "application.id", file),
          required(p, "store.name", file),
          required(p, "store.kind", file),
          Long.parseLong(p.getProperty("segment.interval.ms", "0").trim()));
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreCorruptedException("store marker " + file + " is unreadable: " + e.getMessage(), e);
    }
  }

  private static String required(Properties p, String key, Path file) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("missing " + key + " in " + file);
    }
    return v.trim();
  }

  void write(Path dir) {
    String text = "format.version=" + formatVersion + "\n"
        + "application.id=" + escape(applicationId) + "\n"
        + "store.name=" + escape(storeName) + "\n"
        + "store.kind=" + kind + "\n"
        + (segmentIntervalMs > 0 ? "segment.interval.ms=" + segmentIntervalMs + "\n" : "");
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException e) {
      throw new StoreException("cannot write store marker " + tmp + ": " + e, e);
    }
    try {
      Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StoreException("cannot rename store marker " + tmp + " into place: " + e, e);
    }
  }

  /** Properties-format escaping, so ids with ':', '=', '\\' or spaces round-trip. */
  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\', '=', ':', '#', '!' -> sb.append('\\').append(c);
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case ' ' -> sb.append(sb.length() == 0 ? "\\ " : " ");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /**
   * Checks that {@code found} (read from {@code dir}) describes the store {@code this} describes.
   *
   * @throws StoreCorruptedException naming the first difference
   */
  void requireSameStore(StoreMetadata found, Path dir) {
    if (found.formatVersion != formatVersion) {
      throw mismatch(dir, "format version", formatVersion, found.formatVersion);
    }
    if (!found.applicationId.equals(applicationId)) {
      throw mismatch(dir, "application id", applicationId, found.applicationId);
    }
    if (!found.storeName.equals(storeName)) {
      throw mismatch(dir, "store name", storeName, found.storeName);
    }
    if (!found.kind.equals(kind)) {
      throw mismatch(dir, "store kind", kind, found.kind);
    }
    if (found.segmentIntervalMs != segmentIntervalMs) {
      throw mismatch(dir, "segment interval (ms)", segmentIntervalMs, found.segmentIntervalMs);
    }
  }

  private static StoreCorruptedException mismatch(Path dir, String what, Object expected, Object found) {
    return new StoreCorruptedException("store directory " + dir + " holds another store: " + what
        + " is '" + found + "', expected '" + expected + "'");
  }
}
