package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JRaftEntryDecoderTest {
  private static final int DATA = 2;
  private static final int CONFIGURATION = 3;

  private static JRaftEntry entry(JRaftBytes bytes) {
    return assertInstanceOf(JRaftEntry.class, JRaftEntryDecoder.decode(bytes.build()));
  }

  private static String unreadable(JRaftBytes bytes) {
    return unreadable(bytes.build());
  }

  private static String unreadable(byte[] bytes) {
    return assertInstanceOf(JRaftSlot.Unreadable.class, JRaftEntryDecoder.decode(bytes)).reason();
  }

  @Test
  void aDataEntryGivesItsTypeTermIndexAndData() {
    JRaftEntry e =
        entry(JRaftBytes.header().varint(1, DATA).varint(2, 3).varint(3, 41).bytes(6, "hello"));
    assertEquals(JRaftEntry.Type.DATA, e.type());
    assertEquals(3, e.term());
    assertEquals(41, e.index());
    assertEquals(5, e.dataSize());
    assertEquals("\"hello\"", DataPreview.remaining(e.data()));
  }

  @Test
  void aConfigurationGivesItsPeersOldPeersLearnersAndOldLearnersInOrder() {
    JRaftEntry e =
        entry(
            JRaftBytes.header()
                .varint(1, CONFIGURATION)
                .varint(2, 1)
                .varint(3, 0)
                .bytes(4, "a:1")
                .bytes(4, "b:2")
                .bytes(5, "a:1")
                .bytes(6, "")
                .bytes(8, "c:3")
                .bytes(9, "d:4")
                .bytes(9, "e:5"));
    assertEquals(JRaftEntry.Type.CONFIGURATION, e.type());
    assertEquals(List.of("a:1", "b:2"), e.peers());
    assertEquals(List.of("a:1"), e.oldPeers());
    assertEquals(List.of("c:3"), e.learners());
    assertEquals(List.of("d:4", "e:5"), e.oldLearners());
    assertEquals(0, e.dataSize());
  }

  @Test
  void aNoOpWithEmptyDataHasNoPeers() {
    JRaftEntry e = entry(JRaftBytes.required(1, 2, 7));
    assertEquals(JRaftEntry.Type.NO_OP, e.type());
    assertEquals(List.of(), e.peers());
    assertEquals(0, e.dataSize());
  }

  @Test
  void fieldsMayComeInAnyOrderAndAChecksumIsAccepted() {
    JRaftEntry e =
        entry(
            JRaftBytes.header()
                .bytes(6, "x")
                .varint(7, -1)
                .varint(3, 9)
                .varint(2, 4)
                .varint(1, DATA));
    assertEquals(9, e.index());
    assertEquals(4, e.term());
  }

  @Test
  void aTenByteVarintCarriesANegativeInt64() {
    JRaftEntry e =
        entry(JRaftBytes.header().varint(1, DATA).varint(2, -1).varint(3, 0).bytes(6, ""));
    assertEquals(-1, e.term());
  }

  @Test
  void theReservedHeaderBytesAreIgnoredAsJRaftIgnoresThem() {
    byte[] bytes = JRaftBytes.required(DATA, 1, 1).build();
    bytes[3] = 7;
    bytes[5] = (byte) 0xFF;
    assertInstanceOf(JRaftEntry.class, JRaftEntryDecoder.decode(bytes));
  }

  @Test
  void dataShorterThanTheHeaderIsNotAnEntry() {
    assertEquals("shorter than jraft's 6-byte header", unreadable(JRaftBytes.raw(0xBB, 0xD2, 1)));
  }

  @Test
  void anEtcdPayloadIsNotAnEntry() {
    assertTrue(
        unreadable("hello, etcd".getBytes(StandardCharsets.US_ASCII))
            .contains("no jraft V2 magic"));
  }

  @Test
  void jraftsV1MagicIsNotAV2Entry() {
    assertTrue(unreadable(JRaftBytes.raw(0xB8, 0, 0, 0, 0, 0, 0, 0)).contains("no jraft V2 magic"));
  }

  @Test
  void anotherCodecVersionIsNotAnEntry() {
    byte[] bytes = JRaftBytes.required(DATA, 1, 1).build();
    bytes[2] = 2;
    assertEquals("jraft V2 codec version 2, not 1", unreadable(bytes));
  }

  @Test
  void aHeaderAloneLacksTheRequiredFields() {
    assertEquals("no type field (required in PBLogEntry)", unreadable(JRaftBytes.header()));
  }

  @Test
  void anEntryWithoutDataLacksARequiredField() {
    assertEquals(
        "no data field (required in PBLogEntry)",
        unreadable(JRaftBytes.header().varint(1, DATA).varint(2, 1).varint(3, 1)));
  }

  @Test
  void aTypeJRaftDoesNotNameIsNotAnEntry() {
    assertEquals(
        "entry type 4 at byte 6",
        unreadable(JRaftBytes.header().varint(1, 4).varint(2, 1).varint(3, 1).bytes(6, "")));
  }

  @Test
  void aVarintCutShortIsNotAnEntry() {
    assertEquals(
        "a varint cut short at byte 9",
        unreadable(JRaftBytes.header().varint(1, DATA).key(2, 0).then(0x80, 0x80)));
  }

  @Test
  void aKeyCutShortIsNotAnEntry() {
    assertEquals("a varint cut short at byte 6", unreadable(JRaftBytes.header().then(0x88)));
  }

  @Test
  void anElevenByteVarintIsNotAnEntry() {
    JRaftBytes bytes = JRaftBytes.header().varint(1, DATA).key(2, 0);
    for (int i = 0; i < 10; i++) {
      bytes.then(0x80);
    }
    assertEquals("a varint wider than 64 bits at byte 9", unreadable(bytes.then(0)));
  }

  @Test
  void aTenthVarintByteAboveOneOverflows64Bits() {
    JRaftBytes bytes = JRaftBytes.header().varint(1, DATA).key(2, 0);
    for (int i = 0; i < 9; i++) {
      bytes.then(0xFF);
    }
    assertEquals("a varint wider than 64 bits at byte 9", unreadable(bytes.then(0x02)));
  }

  @Test
  void aHugeDataLengthIsRefusedBeforeAnythingIsAllocated() {
    JRaftBytes bytes = JRaftBytes.required(DATA, 1, 1).key(6, 2).varint(Long.MAX_VALUE);
    assertTrue(unreadable(bytes).contains("a length of 9223372036854775807"));
  }

  @Test
  void aLengthWithTheTopBitSetIsRefused() {
    assertTrue(
        unreadable(JRaftBytes.required(DATA, 1, 1).key(4, 2).varint(-1))
            .contains("a length of 18446744073709551615"));
  }

  @Test
  void aLengthOneByteBeyondTheEndIsRefused() {
    assertEquals(
        "a length of 3 at byte 15, past the end (2 bytes remain)",
        unreadable(JRaftBytes.required(DATA, 1, 1).key(4, 2).varint(3).then('a', 'b')));
  }

  @Test
  void anInvalidWireTypeIsNotAnEntry() {
    assertEquals(
        "field 1 has wire type 7, not 0 as in PBLogEntry",
        unreadable(JRaftBytes.header().key(1, 7)));
  }

  @Test
  void aKnownFieldWithAnotherWireTypeIsNotAnEntry() {
    assertEquals(
        "field 6 has wire type 0, not 2 as in PBLogEntry",
        unreadable(JRaftBytes.header().varint(1, DATA).varint(2, 1).varint(3, 1).varint(6, 5)));
  }

  @Test
  void aGroupIsNotAnEntry() {
    assertEquals(
        "field 4 has wire type 3, not 2 as in PBLogEntry",
        unreadable(JRaftBytes.required(DATA, 1, 1).key(4, 3)));
  }

  @Test
  void aFieldPBLogEntryDoesNotHaveIsNotAnEntry() {
    assertEquals(
        "field 10 at byte 14, not in PBLogEntry",
        unreadable(JRaftBytes.required(DATA, 1, 1).varint(10, 1)));
  }

  @Test
  void fieldNumberZeroIsNotAnEntry() {
    assertEquals("field 0 at byte 6, not in PBLogEntry", unreadable(JRaftBytes.header().then(0)));
  }

  @Test
  void aFieldNumberBeyondProtobufsIsNotAnEntry() {
    assertEquals("a field number too large at byte 6", unreadable(JRaftBytes.header().varint(-1L)));
  }

  @Test
  void anEmptyPeerIsNotAnEntry() {
    assertEquals(
        "a peer that is not host:port[:index[:priority]] at byte 15",
        unreadable(JRaftBytes.required(CONFIGURATION, 1, 1).bytes(4, "")));
  }

  @Test
  void aPeerThatIsNotPrintableAsciiIsNotAnEntry() {
    assertEquals(
        "a peer that is not printable ASCII without spaces at byte 15",
        unreadable(JRaftBytes.required(CONFIGURATION, 1, 1).bytes(8, "a\nb")));
  }

  @Test
  void everyPrefixOfAnEntryIsReadWithoutThrowingAndKeepsWhatItHolds() {
    byte[] full =
        JRaftBytes.header()
            .varint(1, CONFIGURATION)
            .varint(2, -1)
            .varint(3, 1L << 40)
            .bytes(4, "127.0.0.1:8081")
            .bytes(5, "127.0.0.1:8082")
            .bytes(6, "payload")
            .varint(7, 12345)
            .bytes(8, "127.0.0.1:8083")
            .build();
    for (int n = 0; n < full.length; n++) {
      byte[] prefix = Arrays.copyOf(full, n);
      JRaftSlot slot = assertDoesNotThrow(() -> JRaftEntryDecoder.decode(prefix));
      if (slot instanceof JRaftEntry e) {
        // Only a cut at a field boundary after the data decodes: the fields before it are intact.
        assertEquals(List.of("127.0.0.1:8081"), e.peers(), "prefix of " + n);
      }
    }
    assertInstanceOf(JRaftEntry.class, JRaftEntryDecoder.decode(full));
  }

  @Test
  void randomBytesAfterTheHeaderAreReadWithoutThrowing() {
    Random random = new Random(13);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[JRaftEntryDecoder.HEADER_SIZE + random.nextInt(40)];
      random.nextBytes(bytes);
      bytes[0] = (byte) 0xBB;
      bytes[1] = (byte) 0xD2;
      bytes[2] = 1;
      assertDoesNotThrow(() -> JRaftEntryDecoder.decode(bytes), () -> Arrays.toString(bytes));
    }
  }
}
