package dev.millrace.log.file.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C over buffer ranges without moving the caller's buffer position. */
final class Crc {
  private Crc() {}

  static int of(ByteBuffer buf, int from, int to) {
    CRC32C crc = new CRC32C();
    ByteBuffer view = buf.duplicate();
    view.limit(to).position(from);
    crc.update(view);
    return (int) crc.getValue();
  }
}
