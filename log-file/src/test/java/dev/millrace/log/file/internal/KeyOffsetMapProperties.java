package dev.millrace.log.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The cleaner's map of latest offsets per key against a map of key strings. */
class KeyOffsetMapProperties {
  /** A put (offset >= 0) or a get (offset < 0) of a key. */
  record Op(byte[] key, long offset) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<byte[]> keys = Arbitraries.oneOf(
        Arbitraries.strings().withChars("ab").ofMaxLength(12).map(String::getBytes), // alike
        Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
        Arbitraries.bytes().array(byte[].class).ofMinSize(250).ofMaxSize(700)); // long
    return Arbitraries.longs().between(-1, 1L << 40)
        .flatMap(offset -> keys.map(k -> new Op(k, offset)))
        .list().ofMaxSize(3000);
  }

  @Property(tries = 200)
  void answersLikeAMapOfKeys(@ForAll("ops") List<Op> ops) {
    KeyOffsetMap map = new KeyOffsetMap();
    Map<ByteBuffer, Long> reference = new HashMap<>();
    ByteBuffer buf = ByteBuffer.allocateDirect(1024);
    for (Op op : ops) {
      int at = op.key().length % 7; // keys at odd positions of a batch buffer
      buf.clear();
      buf.put(at, op.key());
      ByteBuffer key = ByteBuffer.wrap(op.key());
      if (op.offset() >= 0) {
        map.put(buf, at, op.key().length, op.offset());
        reference.put(key, op.offset());
      } else {
        assertEquals(reference.getOrDefault(key, -1L).longValue(),
            map.get(buf, at, op.key().length));
      }
    }
    assertEquals(reference.size(), map.size());
    for (Map.Entry<ByteBuffer, Long> e : reference.entrySet()) {
      byte[] k = e.getKey().array();
      buf.clear();
      buf.put(3, k);
      assertEquals(e.getValue().longValue(), map.get(buf, 3, k.length));
    }
  }
}
