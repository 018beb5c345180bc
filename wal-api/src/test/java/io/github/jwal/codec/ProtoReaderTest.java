package io.github.jwal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.testing.Hex;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The protobuf field cursor: never reads outside its range, reports malformed input as such. */
class ProtoReaderTest {
  @ParameterizedTest(name = "length {0}")
  @ValueSource(
      longs = {-1L, -11L, -2L, Long.MIN_VALUE, 0xFFFF_FFFF_8000_0000L, 0x8000_0000_0000_0005L})
  void lengthAboveTwoToThe63IsMalformed(long length) throws MalformedMessageException {
    // As a signed long such a length is negative; cast to int it may even point backwards, onto the
    // field's own tag, and loop forever.
    byte[] message = lengthDelimited(length);
    ProtoReader reader = new ProtoReader(message, 0, message.length);
    assertTrue(reader.nextField());
    MalformedMessageException e =
        assertThrows(MalformedMessageException.class, reader::lengthDelimited);
    assertTrue(e.getMessage().contains(Long.toUnsignedString(length)), e.getMessage());
  }

  @ParameterizedTest(name = "length {0}")
  @ValueSource(longs = {-1L, -11L, Long.MIN_VALUE, 0xFFFF_FFFF_8000_0000L, 0x8000_0000_0000_0005L})
  void skippingAFieldWithALengthAboveTwoToThe63IsMalformed(long length)
      throws MalformedMessageException {
    byte[] message = lengthDelimited(length);
    ProtoReader reader = new ProtoReader(message, 0, message.length);
    assertTrue(reader.nextField());
    assertThrows(MalformedMessageException.class, reader::skip);
  }

  @Test
  void lengthPastTheEndIsMalformed() throws MalformedMessageException {
    byte[] message = Hex.bytes("1a 05 01 02 03 04");
    ProtoReader reader = new ProtoReader(message, 0, message.length);
    assertTrue(reader.nextField());
    assertThrows(MalformedMessageException.class, reader::lengthDelimited);
  }

  @Test
  void readerStaysInsideItsRange() throws MalformedMessageException {
    // The length 3 fits the array, not the message range [1, 4).
    byte[] array = Hex.bytes("ff 1a 03 01 02 03 04");
    ProtoReader reader = new ProtoReader(array, 1, 3);
    assertTrue(reader.nextField());
    assertThrows(MalformedMessageException.class, reader::lengthDelimited);
  }

  @Test
  void varintLongerThanTenBytesIsMalformed() {
    byte[] message = Hex.bytes("08 80 80 80 80 80 80 80 80 80 80 01");
    ProtoReader reader = new ProtoReader(message, 0, message.length);
    assertThrows(
        MalformedMessageException.class,
        () -> {
          reader.nextField();
          reader.varint();
        });
  }

  @Test
  void tenByteVarintReadsAllSixtyFourBits() throws MalformedMessageException {
    byte[] message = Hex.bytes("08 ff ff ff ff ff ff ff ff ff 01");
    ProtoReader reader = new ProtoReader(message, 0, message.length);
    assertTrue(reader.nextField());
    assertEquals(-1L, reader.varint());
    assertFalse(reader.nextField());
  }

  @Test
  void fieldNumberZeroIsMalformed() {
    byte[] message = Hex.bytes("00 01");
    ProtoReader reader = new ProtoReader(message, 0, message.length);
    assertThrows(MalformedMessageException.class, reader::nextField);
  }

  @Test
  void wrongWireTypeIsMalformed() throws MalformedMessageException {
    byte[] message = Hex.bytes("0d 01 02 03 04"); // field 1 as fixed32
    ProtoReader reader = new ProtoReader(message, 0, message.length);
    assertTrue(reader.nextField());
    assertThrows(MalformedMessageException.class, reader::varint);
  }

  @Test
  void unknownFieldsOfEveryWireTypeAreSkipped() throws MalformedMessageException {
    byte[] message =
        Hex.bytes(
            "f8 01 96 01" // field 31 varint
                + "f9 01 01 02 03 04 05 06 07 08" // field 31 fixed64
                + "fa 01 02 aa bb" // field 31 length-delimited
                + "fd 01 01 02 03 04" // field 31 fixed32
                + "fb 01 08 01 13 10 02 14 fc 01" // field 31 group holding a varint and a nested
                // group
                + "08 2a"); // field 1 = 42
    ProtoReader reader = new ProtoReader(message, 0, message.length);
    for (int i = 0; i < 5; i++) {
      assertTrue(reader.nextField());
      assertEquals(31, reader.fieldNumber());
      reader.skip();
    }
    assertTrue(reader.nextField());
    assertEquals(1, reader.fieldNumber());
    assertEquals(42, reader.varint());
    assertFalse(reader.nextField());
  }

  @Test
  void unclosedGroupIsMalformed() throws MalformedMessageException {
    byte[] message = Hex.bytes("fb 01 08 01");
    ProtoReader reader = new ProtoReader(message, 0, message.length);
    assertTrue(reader.nextField());
    assertThrows(MalformedMessageException.class, reader::skip);
  }

  @Test
  void groupClosedByAnotherNumberIsMalformed() throws MalformedMessageException {
    byte[] message = Hex.bytes("fb 01 08 01 14");
    ProtoReader reader = new ProtoReader(message, 0, message.length);
    assertTrue(reader.nextField());
    assertThrows(MalformedMessageException.class, reader::skip);
  }

  @Test
  void deeplyNestedGroupsAreMalformedNotAStackOverflow() throws MalformedMessageException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 100_000; i++) {
      out.write(0x0b); // start group 1
    }
    byte[] message = out.toByteArray();
    ProtoReader reader = new ProtoReader(message, 0, message.length);
    assertTrue(reader.nextField());
    assertThrows(MalformedMessageException.class, reader::skip);
  }

  @Test
  void packedValuesAreReadUntilTheirEnd() throws MalformedMessageException {
    byte[] body = Hex.bytes("01 96 01 ff ff ff ff ff ff ff ff ff 01");
    ProtoReader packed = new ProtoReader(body, 0, body.length);
    assertEquals(1, packed.nextPackedVarint());
    assertEquals(150, packed.nextPackedVarint());
    assertEquals(-1L, packed.nextPackedVarint());
    assertFalse(packed.hasMoreVarints());
  }

  @Test
  void truncatedPackedValueIsMalformed() {
    byte[] body = Hex.bytes("01 96");
    ProtoReader packed = new ProtoReader(body, 0, body.length);
    assertThrows(
        MalformedMessageException.class,
        () -> {
          while (packed.hasMoreVarints()) {
            packed.nextPackedVarint();
          }
        });
  }

  /** Field 3, length-delimited, stating {@code length}, then four bytes. */
  private static byte[] lengthDelimited(long length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x1a);
    long v = length;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    out.writeBytes(new byte[4]);
    return out.toByteArray();
  }
}
