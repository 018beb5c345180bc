package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alipay.sofa.jraft.entity.EnumOutter.EntryType;
import com.alipay.sofa.jraft.entity.LogEntry;
import com.alipay.sofa.jraft.entity.LogId;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.codec.LogEntryDecoder;
import com.alipay.sofa.jraft.entity.codec.LogEntryEncoder;
import com.alipay.sofa.jraft.entity.codec.v2.LogEntryV2CodecFactory;
import io.github.jwal.jraft.testkit.LogEntries;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * wal-cli's hand-written decoder against jraft's own V2 codec: it reads every entry jraft's encoder
 * writes as jraft's decoder does, and accepts no damaged encoding jraft's decoder would refuse. In
 * wal-cli's package, for its package-private decoder.
 */
@Tag("without-rocksdb")
class JRaftEntryDecoderOracleTest {
  private static final LogEntryEncoder ENCODER = LogEntryV2CodecFactory.getInstance().encoder();
  private static final LogEntryDecoder DECODER = LogEntryV2CodecFactory.getInstance().decoder();
  private static final EntryType[] TYPES = {
    EntryType.ENTRY_TYPE_NO_OP, EntryType.ENTRY_TYPE_DATA, EntryType.ENTRY_TYPE_CONFIGURATION
  };

  private final Random random = new Random(13);

  @Test
  void everyEntryJRaftEncodesReadsBackAsJRaftReadsIt() {
    for (int i = 0; i < 2_000; i++) {
      byte[] encoded = ENCODER.encode(randomEntry());
      LogEntry expected = DECODER.decode(encoded);
      JRaftEntry actual = assertInstanceOf(JRaftEntry.class, JRaftEntryDecoder.decode(encoded));
      assertReadsAlike(expected, actual);
    }
  }

  @Test
  void noDamagedEncodingIsAcceptedThatJRaftRefuses() {
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] encoded = damaged(ENCODER.encode(randomEntry()));
      if (JRaftEntryDecoder.decode(encoded) instanceof JRaftEntry actual) {
        accepted++;
        // jraft's decoder logs what it refuses: asked only when this one accepts, it stays quiet.
        LogEntry expected = jraftDecode(encoded);
        assertNotNull(expected, () -> "jraft refuses what the CLI accepts: " + actual);
        assertReadsAlike(expected, actual);
      }
    }
    // Damage to a payload or a number leaves a valid entry: the check above did run.
    assertTrue(accepted > 1_000, "accepted " + accepted);
  }

  /**
   * What jraft's decoder reads, or {@code null} when it refuses: it throws on a peer it cannot
   * parse.
   */
  private static LogEntry jraftDecode(byte[] encoded) {
    try {
      return DECODER.decode(encoded);
    } catch (RuntimeException refused) {
      return null;
    }
  }

  private static void assertReadsAlike(LogEntry expected, JRaftEntry actual) {
    assertEquals(expected.getType().name(), "ENTRY_TYPE_" + actual.type().name());
    assertEquals(expected.getId().getTerm(), actual.term());
    assertEquals(expected.getId().getIndex(), actual.index());
    assertEquals(names(expected.getPeers()), actual.peers());
    assertEquals(names(expected.getOldPeers()), actual.oldPeers());
    assertEquals(names(expected.getLearners()), actual.learners());
    assertEquals(names(expected.getOldLearners()), actual.oldLearners());
    assertArrayEquals(
        LogEntries.remaining(expected.getData()), LogEntries.remaining(actual.data()));
  }

  private static List<String> names(List<PeerId> peers) {
    List<String> names = new ArrayList<>();
    if (peers != null) {
      peers.forEach(peer -> names.add(peer.toString()));
    }
    return names;
  }

  private LogEntry randomEntry() {
    LogEntry entry = new LogEntry(TYPES[random.nextInt(TYPES.length)]);
    entry.setId(
        new LogId(
            random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(1 << 20),
            random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(100)));
    if (random.nextBoolean()) {
      byte[] data = new byte[random.nextInt(300)];
      random.nextBytes(data);
      entry.setData(ByteBuffer.wrap(data));
    }
    if (entry.getType() == EntryType.ENTRY_TYPE_CONFIGURATION) {
      entry.setPeers(randomPeers(1));
      entry.setLearners(randomPeers(0));
      if (random.nextBoolean()) {
        entry.setOldPeers(randomPeers(1));
        entry.setOldLearners(randomPeers(0));
      }
    }
    if (random.nextBoolean()) {
      entry.setChecksum(entry.checksum());
    }
    return entry;
  }

  private List<PeerId> randomPeers(int atLeast) {
    List<PeerId> peers = new ArrayList<>();
    for (int n = atLeast + random.nextInt(4); peers.size() < n; ) {
      String peer =
          "10.0."
              + random.nextInt(256)
              + "."
              + random.nextInt(256)
              + ":"
              + (8000 + random.nextInt(1000));
      switch (random.nextInt(3)) {
        case 0 -> peers.add(PeerId.parsePeer(peer));
        case 1 -> peers.add(PeerId.parsePeer(peer + ":" + random.nextInt(5)));
        default ->
            peers.add(PeerId.parsePeer(peer + ":" + random.nextInt(5) + ":" + random.nextInt(100)));
      }
    }
    return peers;
  }

  /** The encoding with one byte changed, or cut short, or with bytes added at the end. */
  private byte[] damaged(byte[] encoded) {
    switch (random.nextInt(3)) {
      case 0 -> {
        byte[] changed = encoded.clone();
        changed[random.nextInt(changed.length)] = (byte) random.nextInt(256);
        return changed;
      }
      case 1 -> {
        return Arrays.copyOf(encoded, random.nextInt(encoded.length));
      }
      default -> {
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1 + random.nextInt(4));
        for (int i = encoded.length; i < longer.length; i++) {
          longer[i] = (byte) random.nextInt(256);
        }
        return longer;
      }
    }
  }
}
