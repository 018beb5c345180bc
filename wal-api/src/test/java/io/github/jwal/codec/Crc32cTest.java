package io.github.jwal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jwal.testing.FrameOracle;
import io.github.jwal.testing.Hex;
import io.github.jwal.testing.Seeds;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CRC-32C as etcd chains it (docs/format.md, The CRC-32C chain): seedable, and the fast path equal
 * to the table.
 */
class Crc32cTest {
  private static final int MAX_LENGTH = 70_000;

  /** The vectors of docs/format.md, The CRC-32C chain: input, the CRC continued from, result. */
  static Stream<Arguments> specVectors() {
    return Stream.of(
        Arguments.of("\"123456789\" from 0", ascii("123456789"), 0, 0xe3069283),
        Arguments.of("\"\" from 0", new byte[0], 0, 0x00000000),
        Arguments.of("\"somedata\" from 0", ascii("somedata"), 0, 0x741f6a05),
        Arguments.of(
            "08 00 10 00 from 0x741f6a05", Hex.bytes("08 00 10 00"), 0x741f6a05, 0x18206d80),
        Arguments.of("08 00 10 00 from 0", Hex.bytes("08 00 10 00"), 0, 0x81e6d9a0),
        Arguments.of("08 ef fd 02 from 0 (infoRecord)", Hex.bytes("08 ef fd 02"), 0, 0x3a191a99));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specVectors")
  void fastUpdateGivesSpecVector(String name, byte[] input, int seed, int expected) {
    assertEquals(hex(expected), hex(new Crc32c().update(seed, input, 0, input.length)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specVectors")
  void tableUpdateGivesSpecVector(String name, byte[] input, int seed, int expected) {
    assertEquals(hex(expected), hex(Crc32c.updateByTable(seed, input, 0, input.length)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specVectors")
  void byteBufferUpdateGivesSpecVector(String name, byte[] input, int seed, int expected) {
    assertEquals(hex(expected), hex(new Crc32c().update(seed, ByteBuffer.wrap(input))));
  }

  @Test
  void chainedVectorContinuesFromSomedata() {
    // etcd's TestNew.wal: the snapshot record's CRC is Update(Update(0, "somedata"), 08 00 10 00).
    Crc32c crc = new Crc32c();
    byte[] somedata = ascii("somedata");
    byte[] snapshot = Hex.bytes("08 00 10 00");
    int afterMetadata = crc.update(0, somedata, 0, somedata.length);
    assertEquals(hex(0x18206d80), hex(crc.update(afterMetadata, snapshot, 0, snapshot.length)));
  }

  @Test
  void crcFromZeroEqualsTheJdkCrc32c() {
    long seed = Seeds.seed();
    Crc32c crc = new Crc32c();
    for (int i = 0; i < 200; i++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, i));
      byte[] data = randomBytes(random, random.nextInt(5000));
      java.util.zip.CRC32C jdk = new java.util.zip.CRC32C();
      jdk.update(data);
      assertEquals(
          hex((int) jdk.getValue()),
          hex(crc.update(0, data, 0, data.length)),
          Seeds.replay(seed, i));
    }
  }

  @Test
  void crcContinuesFromAnySeed() {
    // Update(Update(0, a), b) == CRC32C(a ‖ b): what lets etcd chain records and segments.
    long seed = Seeds.seed();
    Crc32c crc = new Crc32c();
    for (int i = 0; i < 500; i++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, i));
      byte[] a = randomBytes(random, random.nextInt(3000));
      byte[] b = randomBytes(random, random.nextInt(3000));
      byte[] ab = FrameOracle.concat(a, b);
      java.util.zip.CRC32C jdk = new java.util.zip.CRC32C();
      jdk.update(ab);
      int chained = crc.update(crc.update(0, a, 0, a.length), b, 0, b.length);
      assertEquals(hex((int) jdk.getValue()), hex(chained), Seeds.replay(seed, i));
    }
  }

  @Test
  void emptyUpdateReturnsItsSeed() {
    long seed = Seeds.seed();
    Crc32c crc = new Crc32c();
    int[] fixed = {0, 0xFFFFFFFF, 1, 0x80000000, 0x7FFFFFFF};
    for (int s : fixed) {
      assertEquals(hex(s), hex(crc.update(s, new byte[0], 0, 0)));
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 10_000; i++) {
      int s = random.nextInt();
      assertEquals(hex(s), hex(crc.update(s, new byte[0], 0, 0)), Seeds.replay(seed, i));
    }
  }

  @Test
  void fastUpdateEqualsTableUpdateForRandomSeedsAndLengths() {
    long seed = Seeds.seed();
    Crc32c crc = new Crc32c();
    int[] fixedSeeds = {0, 0xFFFFFFFF};
    int[] fixedLengths = {
      0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 63, 64, 65, 4095, 4096, 4097, MAX_LENGTH
    };
    int caseIndex = 0;
    for (int s : fixedSeeds) {
      for (int length : fixedLengths) {
        SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, caseIndex));
        checkFastEqualsTable(crc, random, s, length, seed, caseIndex++);
      }
    }
    for (int i = 0; i < 400; i++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, caseIndex));
      int s = random.nextInt(4) == 0 ? (random.nextBoolean() ? 0 : 0xFFFFFFFF) : random.nextInt();
      int length = random.nextInt(4) == 0 ? random.nextInt(64) : random.nextInt(MAX_LENGTH + 1);
      checkFastEqualsTable(crc, random, s, length, seed, caseIndex++);
    }
  }

  private static void checkFastEqualsTable(
      Crc32c crc, SplittableRandom random, int s, int length, long seed, int caseIndex) {
    int off = random.nextInt(9);
    byte[] data = randomBytes(random, off + length + random.nextInt(9));
    String where =
        Seeds.replay(seed, caseIndex)
            + ": seed "
            + hex(s)
            + ", length "
            + length
            + ", offset "
            + off;
    assertEquals(
        hex(Crc32c.updateByTable(s, data, off, length)),
        hex(crc.update(s, data, off, length)),
        where);
  }

  @Test
  void byteBufferUpdateEqualsTableUpdateAndConsumesTheBuffer() {
    long seed = Seeds.seed();
    Crc32c crc = new Crc32c();
    for (int i = 0; i < 200; i++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, i));
      int s = random.nextInt();
      byte[] data = randomBytes(random, random.nextInt(20_000));
      int from = data.length == 0 ? 0 : random.nextInt(data.length);
      int to = from + random.nextInt(data.length - from + 1);
      ByteBuffer buffer =
          random.nextBoolean()
              ? ByteBuffer.wrap(data)
              : ByteBuffer.allocateDirect(data.length).put(data).clear();
      buffer.position(from).limit(to);
      int got = crc.update(s, buffer);
      assertEquals(
          hex(Crc32c.updateByTable(s, data, from, to - from)), hex(got), Seeds.replay(seed, i));
      assertEquals(0, buffer.remaining(), Seeds.replay(seed, i));
    }
  }

  @Test
  void appendContinuesTheLastUpdate() {
    long seed = Seeds.seed();
    Crc32c crc = new Crc32c();
    for (int i = 0; i < 200; i++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, i));
      int s = random.nextInt();
      byte[] a = randomBytes(random, random.nextInt(100));
      byte[] b = randomBytes(random, random.nextInt(5000));
      byte[] ab = FrameOracle.concat(a, b);
      crc.update(s, a, 0, a.length);
      int appended = crc.append(b, 0, b.length);
      assertEquals(
          hex(Crc32c.updateByTable(s, ab, 0, ab.length)), hex(appended), Seeds.replay(seed, i));
    }
  }

  private static byte[] randomBytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String hex(int crc) {
    return String.format("0x%08x", crc);
  }
}
