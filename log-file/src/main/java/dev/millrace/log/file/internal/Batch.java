package dev.millrace.log.file.internal;

import dev.millrace.log.Header;
import dev.millrace.log.LogRecord;
import dev.millrace.log.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The record batch: the unit of writing, CRC checking and reading. Byte layout in FORMAT.md;
 * every method works on absolute buffer indexes so that one buffer can hold many batches.
 */
final class Batch {
  static final byte MAGIC = 1;
  static final int LENGTH_OFFSET = 0;
  static final int CRC_OFFSET = 4;
  static final int BASE_OFFSET = 8;
  static final int LAST_OFFSET_DELTA = 16;
  static final int RECORD_COUNT = 20;
  static final int ATTRIBUTES = 24;
  static final int PRODUCER_ID = 26;
  static final int PRODUCER_EPOCH = 34;
  static final int APPEND_TIME = 36;
  static final int MAX_TIMESTAMP = 44;
  static final int MAGIC_OFFSET = 52;
  /** Bytes of the batch header, records follow. */
  static final int HEADER_SIZE = 53;
  /** Smallest legal value of the length field. */
  static final int MIN_LENGTH = HEADER_SIZE - 4;
  /** Largest batch the log accepts, guarding recovery against absurd length fields. */
  static final int MAX_SIZE = Integer.MAX_VALUE - 64;

  static final short ATTR_TRANSACTIONAL = 1;
  static final short ATTR_CONTROL = 2;

  static final short CONTROL_ABORT = 0;
  static final short CONTROL_COMMIT = 1;

  static final long NO_PRODUCER = -1L;
  static final short NO_EPOCH = -1;

  private static final int RECORD_FIXED = 24;

  private Batch() {}

  static int sizeOf(List<LogRecord> records) {
    long size = HEADER_SIZE;
    for (LogRecord r : records) {
      size += recordSize(r);
    }
    if (size > MAX_SIZE) {
      throw new IllegalArgumentException("batch of " + records.size() + " records is " + size
          + " bytes, more than the largest batch (" + MAX_SIZE + " bytes)");
    }
    return (int) size;
  }

  private static long recordSize(LogRecord r) {
    long size = RECORD_FIXED + len(r.key()) + len(r.value());
    for (Header h : r.headers()) {
      size += 8 + utf8Length(h.key()) + len(h.value());
    }
    return size;
  }

  private static int len(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * Writes a batch at the buffer's position (which advances) and returns its size.
   * {@code records} take offsets {@code baseOffset, baseOffset + 1, ...}.
   */
  static int encode(ByteBuffer out, long baseOffset, List<LogRecord> records, short attributes,
      long producerId, short epoch, long appendTime) {
    int start = out.position();
    out.position(start + HEADER_SIZE);
    long maxTs = -1;
    int delta = 0;
    for (LogRecord r : records) {
      out.putInt(delta++);
      out.putLong(r.timestamp());
      maxTs = Math.max(maxTs, r.timestamp());
      putBytes(out, r.key());
      putBytes(out, r.value());
      List<Header> headers = r.headers();
      out.putInt(headers.size());
      for (Header h : headers) {
        putBytes(out, h.key().getBytes(StandardCharsets.UTF_8));
        putBytes(out, h.value());
      }
    }
    int end = out.position();
    out.putInt(start + LENGTH_OFFSET, end - start - 4);
    out.putLong(start + BASE_OFFSET, baseOffset);
    out.putInt(start + LAST_OFFSET_DELTA, records.size() - 1);
    out.putInt(start + RECORD_COUNT, records.size());
    out.putShort(start + ATTRIBUTES, attributes);
    out.putLong(start + PRODUCER_ID, producerId);
    out.putShort(start + PRODUCER_EPOCH, epoch);
    out.putLong(start + APPEND_TIME, appendTime);
    out.putLong(start + MAX_TIMESTAMP, maxTs);
    out.put(start + MAGIC_OFFSET, MAGIC);
    out.putInt(start + CRC_OFFSET, Crc.of(out, start + BASE_OFFSET, end));
    return end - start;
  }

  /**
   * A plain batch without records covering the offsets {@code [baseOffset, lastOffset]}: ends a
   * cleaned segment whose last records compaction removed, so that the segment still ends where
   * the segments it replaced ended.
   */
  static ByteBuffer emptyBatch(long baseOffset, long lastOffset, long appendTime) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE);
    b.putInt(LENGTH_OFFSET, HEADER_SIZE - 4);
    b.putLong(BASE_OFFSET, baseOffset);
    b.putInt(LAST_OFFSET_DELTA, Math.toIntExact(lastOffset - baseOffset));
    b.putInt(RECORD_COUNT, 0);
    b.putShort(ATTRIBUTES, (short) 0);
    b.putLong(PRODUCER_ID, NO_PRODUCER);
    b.putShort(PRODUCER_EPOCH, NO_EPOCH);
    b.putLong(APPEND_TIME, appendTime);
    b.putLong(MAX_TIMESTAMP, -1);
    b.put(MAGIC_OFFSET, MAGIC);
    b.putInt(CRC_OFFSET, Crc.of(b, BASE_OFFSET, HEADER_SIZE));
    return b;
  }

  /** A control batch holding one transaction marker. */
  static List<LogRecord> markerRecords(boolean commit, long txnFirstOffset, long appendTime) {
    ByteBuffer key = ByteBuffer.allocate(4);
    key.putShort((short) 0).putShort(commit ? CONTROL_COMMIT : CONTROL_ABORT);
    ByteBuffer value = ByteBuffer.allocate(8);
    value.putLong(txnFirstOffset);
    return List.of(LogRecord.of(key.array(), value.array(), appendTime));
  }

  private static void putBytes(ByteBuffer out, byte[] b) {
    if (b == null) {
      out.putInt(-1);
    } else {
      out.putInt(b.length);
      out.put(b);
    }
  }

  // ------------------------------------------------------------------ reading

  /** Total size of the batch starting at {@code at}, from its length field. */
  static int totalSize(ByteBuffer b, int at) {
    return b.getInt(at + LENGTH_OFFSET) + 4;
  }

  static boolean crcMatches(ByteBuffer b, int at) {
    int end = at + totalSize(b, at);
    return b.getInt(at + CRC_OFFSET) == Crc.of(b, at + BASE_OFFSET, end);
  }

  static long baseOffset(ByteBuffer b, int at) {
    return b.getLong(at + BASE_OFFSET);
  }

  static long lastOffset(ByteBuffer b, int at) {
    return b.getLong(at + BASE_OFFSET) + b.getInt(at + LAST_OFFSET_DELTA);
  }

  static int recordCount(ByteBuffer b, int at) {
    return b.getInt(at + RECORD_COUNT);
  }

  static short attributes(ByteBuffer b, int at) {
    return b.getShort(at + ATTRIBUTES);
  }

  static boolean isTransactional(ByteBuffer b, int at) {
    return (attributes(b, at) & ATTR_TRANSACTIONAL) != 0;
  }

  static boolean isControl(ByteBuffer b, int at) {
    return (attributes(b, at) & ATTR_CONTROL) != 0;
  }

  static long producerId(ByteBuffer b, int at) {
    return b.getLong(at + PRODUCER_ID);
  }

  static short producerEpoch(ByteBuffer b, int at) {
    return b.getShort(at + PRODUCER_EPOCH);
  }

  static long appendTime(ByteBuffer b, int at) {
    return b.getLong(at + APPEND_TIME);
  }

  static long maxTimestamp(ByteBuffer b, int at) {
    return b.getLong(at + MAX_TIMESTAMP);
  }

  /**
   * Why the header at {@code at} cannot start a valid batch, or null if it can; checks what can be
   * checked without the body.
   */
  static String headerProblem(ByteBuffer b, int at) {
    int length = b.getInt(at + LENGTH_OFFSET);
    if (length < MIN_LENGTH || length > MAX_SIZE) {
      return "batch length " + length + " out of range";
    }
    if (b.get(at + MAGIC_OFFSET) != MAGIC) {
      return "unknown batch magic " + b.get(at + MAGIC_OFFSET);
    }
    int count = b.getInt(at + RECORD_COUNT);
    int lastDelta = b.getInt(at + LAST_OFFSET_DELTA);
    if (count < 0 || lastDelta < 0 || (count > 0 && lastDelta < count - 1)) {
      return "record count " + count + " inconsistent with last offset delta " + lastDelta;
    }
    return null;
  }

  /** The (firstOffset-of-transaction) stored in a marker batch at {@code at}. */
  static long markerTxnFirstOffset(ByteBuffer b, int at) {
    int rec = at + HEADER_SIZE;
    int keyLen = b.getInt(rec + 12);
    int valuePos = rec + 16 + keyLen;
    return b.getLong(valuePos + 4);
  }

  static boolean markerIsCommit(ByteBuffer b, int at) {
    int rec = at + HEADER_SIZE;
    return b.getShort(rec + 16 + 2) == CONTROL_COMMIT;
  }

  /** Index just after the record starting at {@code rec}. */
  static int recordEnd(ByteBuffer b, int rec) {
    int p = rec + 12;
    p = skipBytes(b, p);
    p = skipBytes(b, p);
    int headers = b.getInt(p);
    p += 4;
    for (int i = 0; i < headers; i++) {
      p = skipBytes(b, p);
      p = skipBytes(b, p);
    }
    return p;
  }

  private static int skipBytes(ByteBuffer b, int p) {
    int n = b.getInt(p);
    return p + 4 + Math.max(n, 0);
  }

  static int recordOffsetDelta(ByteBuffer b, int rec) {
    return b.getInt(rec);
  }

  static long recordTimestamp(ByteBuffer b, int rec) {
    return b.getLong(rec + 4);
  }

  /** The length of the key of the record at {@code rec}, or -1 for a null key. */
  static int recordKeyLength(ByteBuffer b, int rec) {
    return b.getInt(rec + 12);
  }

  /** Where the key bytes of the record at {@code rec} start. */
  static int recordKeyPosition(int rec) {
    return rec + 16;
  }

  static boolean recordValueIsNull(ByteBuffer b, int rec) {
    int keyLen = b.getInt(rec + 12);
    return b.getInt(rec + 16 + Math.max(keyLen, 0)) < 0;
  }

  /** Decodes the record at {@code rec} of a batch whose base offset is {@code base}. */
  static StoredRecord decodeRecord(ByteBuffer b, int rec, long base) {
    long offset = base + b.getInt(rec);
    long ts = b.getLong(rec + 4);
    int p = rec + 12;
    byte[] key = getBytes(b, p);
    p += 4 + (key == null ? 0 : key.length);
    byte[] value = getBytes(b, p);
    p += 4 + (value == null ? 0 : value.length);
    int headerCount = b.getInt(p);
    p += 4;
    List<Header> headers;
    if (headerCount == 0) {
      headers = List.of();
    } else {
      List<Header> hs = new ArrayList<>(headerCount);
      for (int i = 0; i < headerCount; i++) {
        byte[] hk = getBytes(b, p);
        p += 4 + hk.length;
        byte[] hv = getBytes(b, p);
        p += 4 + (hv == null ? 0 : hv.length);
        hs.add(new Header(new String(hk, StandardCharsets.UTF_8), hv));
      }
      headers = List.copyOf(hs);
    }
    return new StoredRecord(offset, key, value, ts, headers);
  }

  private static byte[] getBytes(ByteBuffer b, int p) {
    int n = b.getInt(p);
    if (n < 0) {
      return null;
    }
    byte[] out = new byte[n];
    b.get(p + 4, out);
    return out;
  }
}
