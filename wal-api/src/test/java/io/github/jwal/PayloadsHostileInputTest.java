package io.github.jwal;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jwal.codec.EntryData;
import io.github.jwal.codec.MalformedMessageException;
import io.github.jwal.codec.PayloadDecoder;
import io.github.jwal.testing.Hex;
import io.github.jwal.testing.Seeds;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The payload parsers on hostile bytes: a CRC only proves the bytes are the ones written, not that
 * a writer wrote a well-formed message. Whatever the bytes, a parser returns a value or throws
 * {@link MalformedMessageException}, which replay turns into a corruption error naming the record.
 */
class PayloadsHostileInputTest {
  private static final int INPUTS = 100_000;

  @Test
  void parsersReturnAValueOrReportMalformedBytes() {
    long seed = Seeds.seed();
    PayloadDecoder.EntryHeader header = new PayloadDecoder.EntryHeader();
    for (int i = 0; i < INPUTS; i++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, i));
      byte[] bytes = hostilePayload(random);
      int kind = random.nextInt(3);
      try {
        switch (kind) {
          case 0 -> {
            PayloadDecoder.parseEntry(bytes, 0, bytes.length, header);
            PayloadDecoder.entry(bytes, header, EntryData.exact());
          }
          case 1 -> PayloadDecoder.hardState(bytes, 0, bytes.length);
          default -> PayloadDecoder.snapshot(bytes, 0, bytes.length);
        }
      } catch (MalformedMessageException expected) {
        // the only failure a parser may report
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError(
            "parser "
                + kind
                + " threw "
                + e
                + ": "
                + Seeds.replay(seed, i)
                + ", bytes "
                + Hex.format(bytes),
            e);
      }
    }
  }

  @Test
  void entryTypeAboveTwoToThe63IsMalformed() {
    // An int32 enum value of -1 is written as a 10-byte varint; it is no entry type.
    byte[] bytes = Hex.bytes("08 ff ff ff ff ff ff ff ff ff 01 10 01 18 01");
    assertThrows(
        MalformedMessageException.class,
        () -> PayloadDecoder.parseEntry(bytes, 0, bytes.length, new PayloadDecoder.EntryHeader()));
  }

  @Test
  void unknownEntryTypeIsMalformed() {
    byte[] bytes = Hex.bytes("08 03 10 01 18 01");
    assertThrows(
        MalformedMessageException.class,
        () -> PayloadDecoder.parseEntry(bytes, 0, bytes.length, new PayloadDecoder.EntryHeader()));
  }

  /**
   * Field-shaped garbage: known and unknown fields, every wire type, hostile varints and lengths.
   */
  private static byte[] hostilePayload(SplittableRandom random) {
    if (random.nextInt(5) == 0) {
      byte[] b = new byte[random.nextInt(64)];
      random.nextBytes(b);
      return b;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int fields = random.nextInt(8);
    for (int f = 0; f < fields; f++) {
      int field = random.nextInt(4) == 0 ? random.nextInt(1 << 12) : 1 + random.nextInt(5);
      int wire = random.nextInt(3) == 0 ? random.nextInt(8) : (field == 3 || field == 4 ? 2 : 0);
      varint(out, ((long) field << 3) | wire);
      switch (wire) {
        case 0 -> varint(out, hostileValue(random));
        case 1 -> out.writeBytes(randomBytes(random, random.nextInt(10)));
        case 2 -> {
          if (random.nextBoolean()) {
            byte[] inner = hostilePayload(random);
            varint(out, random.nextInt(4) == 0 ? hostileValue(random) : inner.length);
            out.writeBytes(inner);
          } else {
            varint(out, hostileValue(random));
            out.writeBytes(randomBytes(random, random.nextInt(8)));
          }
        }
        case 3 -> {
          if (random.nextBoolean()) {
            varint(out, ((long) field << 3) | 4); // an empty group, properly closed
          }
        }
        case 5 -> out.writeBytes(randomBytes(random, random.nextInt(6)));
        default -> out.writeBytes(randomBytes(random, random.nextInt(3)));
      }
    }
    byte[] bytes = out.toByteArray();
    if (bytes.length > 0 && random.nextInt(4) == 0) {
      bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
    }
    return bytes;
  }

  private static long hostileValue(SplittableRandom random) {
    return switch (random.nextInt(6)) {
      case 0 -> random.nextInt(4);
      case 1 -> -1L - random.nextInt(64);
      case 2 -> Long.MIN_VALUE + random.nextInt(64);
      case 3 -> 0x8000_0000L + random.nextInt(16);
      case 4 -> random.nextInt(200);
      default -> random.nextLong();
    };
  }

  private static void varint(java.io.ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static byte[] randomBytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
