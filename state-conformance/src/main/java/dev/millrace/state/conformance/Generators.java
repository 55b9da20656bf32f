package dev.millrace.state.conformance;

import dev.millrace.state.spi.Bytes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Byte strings drawn from a tiny alphabet that sits on the edges of unsigned order (0x00, 0x7f,
 * 0x80, 0xff), so that short keys collide, share prefixes and expose signed-byte comparisons.
 */
final class Generators {
  private Generators() {}

  static Arbitrary<Bytes> keys(int maxLength) {
    return Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x7f, (byte) 0x80, (byte) 0xff)
        .list()
        .ofMaxSize(maxLength)
        .map(Generators::toArray)
        .map(Bytes::wrap);
  }

  static Arbitrary<Bytes> nonEmptyKeys(int maxLength) {
    return keys(maxLength).filter(k -> k.length() > 0);
  }

  static Arbitrary<byte[]> values() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(4);
  }

  private static byte[] toArray(java.util.List<Byte> list) {
    byte[] out = new byte[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }
}
