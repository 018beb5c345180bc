package io.github.jwal.codec;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A CRC-32C (Castagnoli) that can continue from any earlier value, as etcd's running CRC needs
 * ({@code crc32.Update(crc, castagnoli, p)}), at the speed of the JDK's hardware-accelerated {@link
 * CRC32C}.
 *
 * <p>{@link CRC32C} always starts from its initial register and cannot be seeded. Four bytes
 * processed from the initial register can drive it to any register value, because processing four
 * bytes is a bijection on the 32-bit register. So to continue from {@code crc}, this class feeds
 * the four bytes that force the register to {@code ~crc}, then the data: one extra 4-byte update
 * per call instead of a byte-at-a-time table loop.
 *
 * <p>Not thread-safe: each thread or writer uses its own instance.
 */
public final class Crc32c {
  private static final int POLYNOMIAL = 0x82F63B78;
  private static final int[] TABLE = new int[256];

  /** For each top byte of a {@link #TABLE} value, the table index it came from. */
  private static final int[] INDEX_OF_TOP_BYTE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
      }
      TABLE[i] = c;
    }
    boolean[] seen = new boolean[256];
    for (int i = 0; i < 256; i++) {
      int top = TABLE[i] >>> 24;
      if (seen[top]) {
        throw new AssertionError("CRC table top bytes are not a permutation");
      }
      seen[top] = true;
      INDEX_OF_TOP_BYTE[top] = i;
    }
  }

  private final CRC32C crc32c = new CRC32C();
  private final byte[] prefix = new byte[4];

  /** The CRC of {@code len} bytes of {@code b} from {@code off}, continuing from {@code crc}. */
  public int update(int crc, byte[] b, int off, int len) {
    seed(crc);
    crc32c.update(b, off, len);
    return (int) crc32c.getValue();
  }

  /**
   * The CRC of the remaining bytes of {@code buffer}, continuing from {@code crc}; consumes them.
   */
  public int update(int crc, ByteBuffer buffer) {
    seed(crc);
    crc32c.update(buffer);
    return (int) crc32c.getValue();
  }

  /** Continues the CRC over one more part of a message; call after {@link #update}. */
  public int append(byte[] b, int off, int len) {
    crc32c.update(b, off, len);
    return (int) crc32c.getValue();
  }

  private void seed(int crc) {
    crc32c.reset();
    if (crc == 0) {
      return; // the initial register already continues from 0
    }
    int forcing = unprocessFourZeroBytes(~crc) ^ 0xFFFFFFFF;
    prefix[0] = (byte) forcing;
    prefix[1] = (byte) (forcing >>> 8);
    prefix[2] = (byte) (forcing >>> 16);
    prefix[3] = (byte) (forcing >>> 24);
    crc32c.update(prefix, 0, 4);
  }

  /**
   * The register that four zero bytes turn into {@code register}. Processing four data bytes from a
   * register equals processing four zero bytes from the register XOR the data, which is what makes
   * the forcing prefix {@code unprocess(target) ^ initial}.
   */
  private static int unprocessFourZeroBytes(int register) {
    int c = register;
    for (int k = 0; k < 4; k++) {
      int i = INDEX_OF_TOP_BYTE[c >>> 24];
      c = ((c ^ TABLE[i]) << 8) | i;
    }
    return c;
  }

  /**
   * Which single flipped bit of a {@code length}-byte message turns its CRC by {@code syndrome}
   * (the XOR of the CRC it has and the CRC it should have), whatever the CRC continued from: the
   * bit's index from the message's start ({@code byte * 8 + bit}, bit 0 the least significant), or
   * -1 if no single bit does. The CRC is linear, so a flipped bit changes it by the same value
   * whatever the rest of the message holds: the CRC, from a zero register, of that bit followed by
   * zeros. Costs eight table steps per byte.
   */
  public static long singleBitError(int syndrome, int length) {
    if (syndrome == 0) {
      return -1;
    }
    int[] registers = new int[8];
    for (int bit = 0; bit < 8; bit++) {
      registers[bit] = TABLE[1 << bit];
    }
    for (int fromEnd = 0; fromEnd < length; fromEnd++) {
      for (int bit = 0; bit < 8; bit++) {
        if (registers[bit] == syndrome) {
          return (long) (length - 1 - fromEnd) * 8 + bit;
        }
        int r = registers[bit];
        registers[bit] = TABLE[r & 0xFF] ^ (r >>> 8);
      }
    }
    return -1;
  }

  /**
   * The same result as {@link #update(int, byte[], int, int)} from a byte-at-a-time table loop: the
   * slow reference the fast path is tested and measured against.
   */
  public static int updateByTable(int crc, byte[] b, int off, int len) {
    int c = ~crc;
    for (int i = off; i < off + len; i++) {
      c = TABLE[(c ^ b[i]) & 0xFF] ^ (c >>> 8);
    }
    return ~c;
  }
}
