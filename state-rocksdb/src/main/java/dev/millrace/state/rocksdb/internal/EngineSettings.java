package dev.millrace.state.rocksdb.internal;

import dev.millrace.state.rocksdb.RocksDbConfigSetter;
import dev.millrace.state.rocksdb.RocksDbStoreEngine;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Set;

/**
 * The engine's settings, parsed and checked once; every error names the setting at fault.
 *
 * @param totalMemoryBytes the one budget for block cache and memtables of all stores
 * @param writeBufferRatio the part of the budget memtables may use before flushes are forced
 * @param configSetter the user's options hook, or null
 * @param syncCommits whether each commit fsyncs the write-ahead log
 * @param raw all settings, handed to the config setter
 */
public record EngineSettings(
    long totalMemoryBytes,
    double writeBufferRatio,
    RocksDbConfigSetter configSetter,
    boolean syncCommits,
    Map<String, ?> raw) {

  /** 64 MiB: see the module README for why. */
  public static final long DEFAULT_TOTAL_MEMORY_BYTES = 64L << 20;

  public static final double DEFAULT_WRITE_BUFFER_RATIO = 0.25;

  private static final long MIN_TOTAL_MEMORY_BYTES = 1L << 20;

  private static final Set<String> KNOWN = Set.of(
      RocksDbStoreEngine.TOTAL_MEMORY_BYTES,
      RocksDbStoreEngine.WRITE_BUFFER_RATIO,
      RocksDbStoreEngine.CONFIG_SETTER,
      RocksDbStoreEngine.SYNC_COMMITS);

  /** Parses the {@code rocksdb.*} keys of {@code settings}; other keys are left alone. */
  public static EngineSettings parse(Map<String, ?> settings) {
    for (String key : settings.keySet()) {
      if (key.startsWith("rocksdb.") && !KNOWN.contains(key)) {
        throw new IllegalArgumentException(
            "unknown setting " + key + "; the RocksDB engine knows " + KNOWN);
      }
    }
    long total = longSetting(settings, RocksDbStoreEngine.TOTAL_MEMORY_BYTES, DEFAULT_TOTAL_MEMORY_BYTES);
    if (total < MIN_TOTAL_MEMORY_BYTES) {
      throw new IllegalArgumentException(RocksDbStoreEngine.TOTAL_MEMORY_BYTES + " must be at least "
          + MIN_TOTAL_MEMORY_BYTES + " bytes, got " + total);
    }
    double ratio = doubleSetting(settings, RocksDbStoreEngine.WRITE_BUFFER_RATIO, DEFAULT_WRITE_BUFFER_RATIO);
    if (!(ratio > 0 && ratio < 1)) {
      throw new IllegalArgumentException(
          RocksDbStoreEngine.WRITE_BUFFER_RATIO + " must be between 0 and 1 (exclusive), got " + ratio);
    }
    boolean sync = booleanSetting(settings, RocksDbStoreEngine.SYNC_COMMITS, false);
    return new EngineSettings(total, ratio, configSetter(settings), sync, Map.copyOf(settings));
  }

  private static long longSetting(Map<String, ?> settings, String key, long dflt) {
    Object v = settings.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number of bytes, got '" + v + "'", e);
    }
  }

  private static double doubleSetting(Map<String, ?> settings, String key, double dflt) {
    Object v = settings.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a decimal number, got '" + v + "'", e);
    }
  }

  private static boolean booleanSetting(Map<String, ?> settings, String key, boolean dflt) {
    Object v = settings.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().trim();
    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(s);
    }
    throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
  }

  private static RocksDbConfigSetter configSetter(Map<String, ?> settings) {
    Object v = settings.get(RocksDbStoreEngine.CONFIG_SETTER);
    if (v == null) {
      return null;
    }
    if (v instanceof RocksDbConfigSetter setter) {
      return setter;
    }
    Class<?> type;
    if (v instanceof Class<?> c) {
      type = c;
    } else {
      try {
        type = Class.forName(v.toString().trim(), true, Thread.currentThread().getContextClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException(
            RocksDbStoreEngine.CONFIG_SETTER + ": class " + v + " not found", e);
      }
    }
    if (!RocksDbConfigSetter.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(RocksDbStoreEngine.CONFIG_SETTER + ": " + type.getName()
          + " does not implement " + RocksDbConfigSetter.class.getName());
    }
    try {
      return (RocksDbConfigSetter) type.getConstructor().newInstance();
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw new IllegalArgumentException(RocksDbStoreEngine.CONFIG_SETTER + ": " + type.getName()
          + " needs a public no-argument constructor", e);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(RocksDbStoreEngine.CONFIG_SETTER + ": constructor of "
          + type.getName() + " failed: " + e.getCause(), e.getCause());
    }
  }
}
