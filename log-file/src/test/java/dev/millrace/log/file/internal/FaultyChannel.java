package dev.millrace.log.file.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A file channel that behaves like a full disk while {@code full} is set: a write stores part of
 * its bytes, then fails with ENOSPC's message, as a real short write followed by an error would.
 * Separately, {@code syncFails} makes fsync fail, as a device error surfacing at writeback does,
 * and {@code syncedSizes} notes each file's size at its last fsync, which is what a power loss
 * leaves of an append-only file at least.
 */
final class FaultyChannel extends FileChannel {
  private final FileChannel delegate;
  private final AtomicBoolean full;
  private final AtomicBoolean syncFails;
  private final Path path;
  private final Map<Path, Long> syncedSizes;

  FaultyChannel(FileChannel delegate, AtomicBoolean full) {
    this(delegate, full, new AtomicBoolean(), null, null);
  }

  private FaultyChannel(FileChannel delegate, AtomicBoolean full, AtomicBoolean syncFails,
      Path path, Map<Path, Long> syncedSizes) {
    this.delegate = delegate;
    this.full = full;
    this.syncFails = syncFails;
    this.path = path;
    this.syncedSizes = syncedSizes;
  }

  static ChannelFactory factory(AtomicBoolean full) {
    return (path, options) -> new FaultyChannel(FileChannel.open(path, options), full);
  }

  /** Channels whose fsync fails with an I/O error while {@code syncFails} is set. */
  static ChannelFactory failingSync(AtomicBoolean syncFails) {
    return (path, options) -> new FaultyChannel(FileChannel.open(path, options),
        new AtomicBoolean(), syncFails, null, null);
  }

  /**
   * Channels that record in {@code syncedSizes} the size of their file at its last fsync. A file
   * the log opens that already exists counts as durable as it is: the log only opens such files
   * after recovery or after renaming an fsynced file into place.
   */
  static ChannelFactory trackingSyncs(Map<Path, Long> syncedSizes) {
    return (path, options) -> {
      long existing = Files.exists(path) ? Files.size(path) : 0;
      FileChannel ch = FileChannel.open(path, options);
      syncedSizes.put(path, existing);
      return new FaultyChannel(ch, new AtomicBoolean(), new AtomicBoolean(), path, syncedSizes);
    };
  }

  /** Only files whose name ends with {@code suffix} see the full disk. */
  static ChannelFactory factory(AtomicBoolean full, String suffix) {
    return (path, options) -> path.getFileName().toString().endsWith(suffix)
        ? new FaultyChannel(FileChannel.open(path, options), full)
        : FileChannel.open(path, options);
  }

  private int failPartially(ByteBuffer src, long position) throws IOException {
    if (full.get()) {
      if (src.remaining() > 1) {
        ByteBuffer half = src.duplicate();
        half.limit(half.position() + src.remaining() / 2);
        delegate.write(half, position);
      }
      throw new IOException("No space left on device");
    }
    return -1;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    failPartially(src, position);
    return delegate.write(src, position);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    failPartially(src, delegate.position());
    return delegate.write(src);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    if (full.get()) {
      throw new IOException("No space left on device");
    }
    return delegate.write(srcs, offset, length);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return delegate.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return delegate.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return delegate.read(dst, position);
  }

  @Override
  public long position() throws IOException {
    return delegate.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    delegate.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return delegate.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    delegate.truncate(size);
    if (syncedSizes != null) {
      syncedSizes.merge(path, size, Math::min);
    }
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    if (syncFails.get()) {
      throw new IOException("Input/output error");
    }
    delegate.force(metaData);
    if (syncedSizes != null) {
      syncedSizes.put(path, delegate.size());
    }
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target)
      throws IOException {
    return delegate.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count)
      throws IOException {
    if (full.get()) {
      throw new IOException("No space left on device");
    }
    return delegate.transferFrom(src, position, count);
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return delegate.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return delegate.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return delegate.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    delegate.close();
  }
}
