package dev.millrace.log;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record header: a string key and an optional byte value. Keys may repeat within a record.
 * The value array is not copied; do not modify it after handing it over.
 */
public final class Header {
  private final String key;
  private final byte[] value;

  /**
   * @param key never null
   * @param value may be null
   */
  public Header(String key, byte[] value) {
    this.key = Objects.requireNonNull(key, "header key");
    this.value = value;
  }

  public String key() {
    return key;
  }

  /** The value bytes, or null. */
  public byte[] value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Header that && key.equals(that.key) && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return 31 * key.hashCode() + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return key + "=" + (value == null ? "null" : value.length + " bytes");
  }
}
