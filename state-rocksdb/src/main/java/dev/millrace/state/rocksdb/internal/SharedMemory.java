package dev.millrace.state.rocksdb.internal;

import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.WriteBufferManager;

/**
 * The native objects all stores of one engine share, so that one number bounds their memory: a
 * block cache that also holds index and filter blocks, and a write-buffer manager that charges
 * memtables to that same cache and forces flushes when they outgrow their share.
 */
public final class SharedMemory implements AutoCloseable {
  /** Index and filter blocks get this part of the cache with high priority, so data blocks cannot evict them. */
  private static final double HIGH_PRIORITY_POOL_RATIO = 0.1;

  private static final double BLOOM_BITS_PER_KEY = 10;

  private final LRUCache cache;
  private final WriteBufferManager writeBufferManager;
  private final BloomFilter bloomFilter;
  private final long writeBufferBytes;

  public SharedMemory(EngineSettings settings) {
    // Not strict: a strict limit makes reads fail when pinned blocks fill the cache.
    this.cache = new LRUCache(settings.totalMemoryBytes(), -1, false, HIGH_PRIORITY_POOL_RATIO);
    this.writeBufferBytes = (long) (settings.totalMemoryBytes() * settings.writeBufferRatio());
    // No allowStall: with many stores sharing the manager, a stalled writer waits for memory
    // that idle stores' memtables hold and only their own writes would flush (a hang, seen in
    // SharedMemoryTest). Without it the share is a flush trigger, so the total can be exceeded
    // by the memtables still filling while flushes run, until they finish.
    this.writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
    this.bloomFilter = new BloomFilter(BLOOM_BITS_PER_KEY, false);
  }

  Cache cache() {
    return cache;
  }

  WriteBufferManager writeBufferManager() {
    return writeBufferManager;
  }

  BloomFilter bloomFilter() {
    return bloomFilter;
  }

  /** The memtable budget of all stores together. */
  long writeBufferBytes() {
    return writeBufferBytes;
  }

  /** Bytes the cache holds now, memtable reservations included. */
  public long cacheUsage() {
    return cache.getUsage();
  }

  @Override
  public void close() {
    bloomFilter.close();
    writeBufferManager.close();
    cache.close();
  }
}
