package dev.millrace.log.file.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A file channel that behaves like a full disk while {@code full} is set: a write stores part of
 * its bytes, then fails with ENOSPC's message, as a real short write followed by an error would.
 * Separately, {@code syncFails} makes fsync fail, as a device error surfacing at writeback does,
 * and a {@link SyncListener} hears of every fsync and truncation.
 */
final class FaultyChannel extends FileChannel {
  private final FileChannel delegate;
  private final AtomicBoolean full;
  private final AtomicBoolean syncFails;
  private final SyncListener listener;

  /** Hears of a channel's fsyncs and truncations, with the file's size after each. */
  interface SyncListener {
    void forced(long size);

    void truncated(long size);
  }

  FaultyChannel(FileChannel delegate, AtomicBoolean full) {
    this(delegate, full, new AtomicBoolean(), null);
  }

  private FaultyChannel(FileChannel delegate, AtomicBoolean full, AtomicBoolean syncFails,
      SyncListener listener) {
    this.delegate = delegate;
    this.full = full;
    this.syncFails = syncFails;
    this.listener = listener;
  }

  static ChannelFactory factory(AtomicBoolean full) {
    return (path, options) -> new FaultyChannel(FileChannel.open(path, options), full);
  }

  /** Channels whose fsync fails with an I/O error while {@code syncFails} is set. */
  static ChannelFactory failingSync(AtomicBoolean syncFails) {
    return (path, options) -> new FaultyChannel(FileChannel.open(path, options),
        new AtomicBoolean(), syncFails, null);
  }

  /** {@code delegate}, telling {@code listener} of its fsyncs and truncations. */
  static FileChannel watching(FileChannel delegate, SyncListener listener) {
    return new FaultyChannel(delegate, new AtomicBoolean(), new AtomicBoolean(), listener);
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
    if (listener != null) {
      listener.truncated(delegate.size());
    }
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    if (syncFails.get()) {
      throw new IOException("Input/output error");
    }
    delegate.force(metaData);
    if (listener != null) {
      listener.forced(delegate.size());
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
