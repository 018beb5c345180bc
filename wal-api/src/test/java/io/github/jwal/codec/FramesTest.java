package io.github.jwal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The length word (docs/format.md, Frame layout; etcd's encodeFrameSize/decodeFrameSize). */
class FramesTest {
  @ParameterizedTest(name = "{0} record bytes -> {1}")
  @CsvSource({
    "4, 8400000000000004",
    "16, 0000000000000010",
    "18, 8600000000000012",
    "14, 820000000000000e",
    "1, 8700000000000001",
    "8, 0000000000000008",
    "72057594037927935, 81ffffffffffffff",
  })
  void lengthWordFlagsPaddingInTheTopByte(long recordBytes, String word) {
    assertEquals(Long.parseUnsignedLong(word, 16), Frames.lengthWord(recordBytes));
  }

  @Test
  void decodingMasksTheWholeTopByte() {
    // decodeFrameSize: recBytes = lenField & 0x00FFFFFFFFFFFFFF, whatever the top byte holds.
    assertEquals(0x00FF_FFFF_FFFF_FFFFL, Frames.recordBytes(0xFFFF_FFFF_FFFF_FFFFL));
    assertEquals(14, Frames.recordBytes(0x7800_0000_0000_000EL));
    assertEquals(4, Frames.recordBytes(0x8400_0000_0000_0004L));
  }

  @Test
  void paddingIsReadOnlyWhenTheFlagBitIsSet() {
    assertEquals(4, Frames.paddingBytes(0x8400_0000_0000_0004L));
    assertEquals(7, Frames.paddingBytes(0xFF00_0000_0000_0001L));
    assertEquals(0, Frames.paddingBytes(0x0700_0000_0000_0001L));
    assertEquals(0, Frames.paddingBytes(0x0000_0000_0000_000EL)); // infoRecord: unpadded, unaligned
  }

  @Test
  void paddingBringsEveryRecordToAMultipleOfEight() {
    for (long n = 0; n < 64; n++) {
      assertEquals(0, (n + Frames.padding(n)) % 8, "record of " + n);
      assertEquals(n, Frames.recordBytes(Frames.lengthWord(n)), "record of " + n);
      assertEquals(Frames.padding(n), Frames.paddingBytes(Frames.lengthWord(n)), "record of " + n);
    }
  }
}
