package io.github.jwal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.jwal.codec.EntryData;
import io.github.jwal.codec.MalformedMessageException;
import io.github.jwal.codec.PayloadDecoder;
import io.github.jwal.codec.RecordEncoder;
import io.github.jwal.codec.RecordType;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.testing.Decoded;
import io.github.jwal.testing.FrameOracle;
import io.github.jwal.testing.Hex;
import io.github.jwal.testing.MemorySegments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WAL directories written by real etcd 3.4.23 (module {@code wal-etcd-fixtures}, see its README):
 * every record decodes to what {@code ops.json} saved, re-encoding gives the segments back byte for
 * byte, and the damaged ones report the damage where etcd's {@code expected.json} puts it.
 */
class EtcdFixturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> EDITS = Set.of("truncate", "fill", "flipBit");
  private static final List<String> ALL =
      List.of(
          "big-entry",
          "corrupt-middle",
          "empty",
          "empty-nil-metadata",
          "multi-segment",
          "overwrite",
          "released",
          "small",
          "snapshot",
          "torn-tail-truncated",
          "torn-tail-zero-tail");

  static Stream<String> undamaged() {
    return ALL.stream().filter(name -> !Fixture.load(name).hasEdits());
  }

  @Test
  void everyFixtureIsHereAndOnlyTheEditedOnesAreDamaged() throws IOException, URISyntaxException {
    Set<String> present = new TreeSet<>();
    try (Stream<Path> dirs = Files.list(resource(""))) {
      dirs.filter(Files::isDirectory).forEach(d -> present.add(d.getFileName().toString()));
    }
    assertEquals(new TreeSet<>(ALL), present);
    assertEquals(
        Set.of("corrupt-middle", "torn-tail-truncated", "torn-tail-zero-tail"),
        new TreeSet<>(ALL.stream().filter(name -> Fixture.load(name).hasEdits()).toList()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("undamaged")
  void recordsAreWhatTheOperationsSaved(String name) throws IOException, MalformedMessageException {
    Fixture fixture = Fixture.load(name);
    Decoded decoded = Decoded.read(fixture.segments);
    assertNull(decoded.error, () -> String.valueOf(decoded.error));
    assertRecordsMatchTheModel(fixture, decoded.records, true);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("undamaged")
  void reencodingGivesTheSegmentsBackByteForByte(String name)
      throws IOException, MalformedMessageException {
    Fixture fixture = Fixture.load(name);
    Decoded decoded = Decoded.read(fixture.segments);
    assertNull(decoded.error, () -> String.valueOf(decoded.error));
    Integer crc = null;
    for (SegmentId id : fixture.segments.ids()) {
      List<Decoded.Rec> records =
          decoded.records.stream().filter(r -> r.segment().equals(id.fileName())).toList();
      if (crc == null) {
        // The first segment present continues a chain that starts in a segment released before it.
        crc = id.seq() == 0 ? 0 : records.get(0).crc();
      }
      RecordEncoder encoder = new RecordEncoder(crc, 0);
      for (Decoded.Rec record : records) {
        reencode(encoder, record);
      }
      byte[] bytes = fixture.segments.bytes(id);
      byte[] encoded = Arrays.copyOf(encoder.buffer(), encoder.size());
      assertTrue(encoded.length <= bytes.length, id + ": re-encoded past the end of the file");
      byte[] written = Arrays.copyOf(bytes, encoded.length);
      if (!Arrays.equals(written, encoded)) {
        int at = Arrays.mismatch(written, encoded);
        fail(
            id
                + ": first difference at offset "
                + at
                + ": etcd wrote "
                + Hex.format(Arrays.copyOfRange(written, at, Math.min(written.length, at + 16)))
                + ", jwal "
                + Hex.format(Arrays.copyOfRange(encoded, at, Math.min(encoded.length, at + 16))));
      }
      for (int i = encoded.length; i < bytes.length; i++) {
        if (bytes[i] != 0) {
          fail(id + ": byte " + i + " after the last frame (" + encoded.length + ") is not zero");
        }
      }
      crc = encoder.crc();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("undamaged")
  void segmentNamesFollowTheCuts(String name) {
    // A cut names the new segment seq+1 and the index after the last entry saved
    // (docs/format.md, Directory layout and segment names).
    Fixture fixture = Fixture.load(name);
    Model model = Model.of(fixture.ops);
    List<SegmentId> expected = new ArrayList<>();
    for (SegmentId id : fixture.segments.ids()) {
      expected.add(model.names.get((int) id.seq()));
    }
    assertEquals(expected, fixture.segments.ids());
    assertEquals(
        model.names.size() - 1,
        fixture.segments.ids().get(fixture.segments.ids().size() - 1).seq(),
        "the last segment is the last one cut");
  }

  @Test
  void truncatedFinalRecordIsATornTail() throws IOException, MalformedMessageException {
    // etcd: Open+ReadAll gives io.ErrUnexpectedEOF; Repair truncates the last segment at the final
    // record.
    assertTornAtTheFinalRecord(Fixture.load("torn-tail-truncated"));
  }

  @Test
  void zeroFilledFinalRecordIsATornTail() throws IOException, MalformedMessageException {
    // etcd: its isTornEntry finds an all-zero sector in the record and reports io.ErrUnexpectedEOF.
    assertTornAtTheFinalRecord(Fixture.load("torn-tail-zero-tail"));
  }

  @Test
  void bitFlipInAMiddleSegmentIsACrcMismatchNamingIt()
      throws IOException, MalformedMessageException {
    // etcd: walpb.ErrCRCMismatch from ReadAll in both modes; here the error also names file and
    // offset.
    Fixture fixture = Fixture.load("corrupt-middle");
    JsonNode flip = fixture.edit("flipBit");
    String file = flip.get("file").asText();
    assertEquals("0000000000000001-0000000000000015.wal", file);
    SegmentId id = SegmentId.parse(file).orElseThrow();
    List<Integer> frames = FrameOracle.frameOffsets(fixture.segments.bytes(id));
    long flipped = flip.get("offset").asLong();
    int frame = 0;
    while (frames.get(frame + 1) <= flipped) {
      frame++;
    }
    Decoded decoded = Decoded.read(fixture.segments);
    CrcMismatchException crc = assertInstanceOf(CrcMismatchException.class, decoded.error);
    assertEquals(file, crc.segment());
    assertEquals((long) frames.get(frame), crc.offset());
    assertEquals("walpb.ErrCRCMismatch", fixture.expected.get("errorName").asText());
    assertRecordsMatchTheModel(fixture, decoded.records, false);
    Decoded.Rec lastGood = decoded.records.get(decoded.records.size() - 1);
    assertEquals(file, lastGood.segment());
    assertEquals((long) frames.get(frame - 1), lastGood.offset());
  }

  private static void assertTornAtTheFinalRecord(Fixture fixture)
      throws IOException, MalformedMessageException {
    assertEquals("io.ErrUnexpectedEOF", fixture.expected.get("errorName").asText());
    JsonNode repaired = fixture.expected.get("repair").get("segments");
    JsonNode tail = repaired.get(repaired.size() - 1);
    List<SegmentId> ids = fixture.segments.ids();
    SegmentId last = ids.get(ids.size() - 1);
    assertEquals(last.fileName(), tail.get("name").asText());
    Decoded decoded = Decoded.read(fixture.segments);
    TornTailException torn = assertInstanceOf(TornTailException.class, decoded.error);
    assertEquals(last.fileName(), torn.segment());
    assertEquals(tail.get("size").asLong(), torn.offset(), "where etcd's Repair cut the segment");
    Model model = Model.of(fixture.ops);
    int all = model.segments.stream().mapToInt(List::size).sum();
    assertEquals(all - 1, decoded.records.size(), "every record but the final one");
    assertRecordsMatchTheModel(fixture, decoded.records, false);
  }

  /**
   * The records read are, in order, the ones the operations saved in the segments present: all of
   * them if {@code complete}, else a prefix.
   */
  private static void assertRecordsMatchTheModel(
      Fixture fixture, List<Decoded.Rec> records, boolean complete)
      throws MalformedMessageException {
    Model model = Model.of(fixture.ops);
    List<Expected> expected = new ArrayList<>();
    List<Integer> expectedSeq = new ArrayList<>();
    for (SegmentId id : fixture.segments.ids()) {
      for (Expected e : model.segments.get((int) id.seq())) {
        expected.add(e);
        expectedSeq.add((int) id.seq());
      }
    }
    int count = records.size();
    if (complete) {
      assertEquals(expected.size(), count, fixture.name + ": records read");
    } else {
      assertTrue(count <= expected.size(), count + " records read, " + expected.size() + " saved");
    }
    for (int i = 0; i < count; i++) {
      Decoded.Rec got = records.get(i);
      Expected want = expected.get(i);
      String where = fixture.name + " record " + i + " (" + got + ")";
      assertEquals(model.names.get(expectedSeq.get(i)).fileName(), got.segment(), where);
      assertEquals(want.type(), got.type(), where);
      switch ((int) want.type()) {
        case RecordType.CRC -> {
          if (expectedSeq.get(i) == 0) {
            assertEquals(0, got.crc(), where);
          }
        }
        case RecordType.METADATA -> assertArrayEquals(want.metadata(), got.data(), where);
        case RecordType.ENTRY -> {
          PayloadDecoder.EntryHeader header = new PayloadDecoder.EntryHeader();
          PayloadDecoder.parseEntry(got.data(), 0, got.data().length, header);
          assertEquals(
              want.entry(), PayloadDecoder.entry(got.data(), header, EntryData.exact()), where);
        }
        case RecordType.STATE ->
            assertEquals(
                want.state(), PayloadDecoder.hardState(got.data(), 0, got.data().length), where);
        case RecordType.SNAPSHOT ->
            assertEquals(
                want.snapshot(), PayloadDecoder.snapshot(got.data(), 0, got.data().length), where);
        default -> fail("unexpected type in the model: " + want);
      }
    }
  }

  private static void reencode(RecordEncoder encoder, Decoded.Rec record)
      throws MalformedMessageException {
    byte[] data = record.data();
    switch ((int) record.type()) {
      case RecordType.CRC -> encoder.appendCrcRecord();
      case RecordType.ENTRY -> {
        PayloadDecoder.EntryHeader header = new PayloadDecoder.EntryHeader();
        PayloadDecoder.parseEntry(data, 0, data.length, header);
        Entry entry = PayloadDecoder.entry(data, header, EntryData.exact());
        encoder.appendEntry(entry.type().number(), entry.term(), entry.index(), entry.data());
      }
      case RecordType.STATE -> {
        HardState state = PayloadDecoder.hardState(data, 0, data.length);
        encoder.appendState(state.term(), state.vote(), state.commit());
      }
      case RecordType.SNAPSHOT ->
          encoder.appendRecord(
              RecordType.SNAPSHOT,
              RecordEncoder.snapshotPayload(PayloadDecoder.snapshot(data, 0, data.length)));
      default -> encoder.appendRecord(record.type(), data);
    }
  }

  /** A record as the operations imply it; only the field of its type is set. */
  @SuppressWarnings("ArrayRecordComponent") // never compared whole: the test reads its fields
  record Expected(long type, byte[] metadata, Entry entry, HardState state, Snapshot snapshot) {
    static Expected crc() {
      return new Expected(RecordType.CRC, null, null, null, null);
    }

    static Expected metadata(byte[] metadata) {
      return new Expected(RecordType.METADATA, metadata, null, null, null);
    }

    static Expected entry(Entry entry) {
      return new Expected(RecordType.ENTRY, null, entry, null, null);
    }

    static Expected state(HardState state) {
      return new Expected(RecordType.STATE, null, null, state, null);
    }

    static Expected snapshot(Snapshot snapshot) {
      return new Expected(RecordType.SNAPSHOT, null, null, null, snapshot);
    }
  }

  /**
   * What etcd 3.4's WAL writes for the operations of {@code ops.json}, replay rules not applied:
   * create → crc, metadata, snapshot{0,0}; each save (unless empty) → its entries, then its hard
   * state if not empty, then a cut if the save made a new segment; saveSnapshot → snapshot; a cut →
   * crc, metadata, the last non-empty hard state saved. Indexed by segment sequence number.
   */
  static final class Model {
    final List<List<Expected>> segments = new ArrayList<>();
    final List<SegmentId> names = new ArrayList<>();

    static Model of(JsonNode ops) {
      Model model = new Model();
      byte[] metadata = null;
      HardState lastState = null;
      long lastIndex = 0;
      int segmentsBefore = 0;
      for (JsonNode op : ops.get("ops")) {
        String kind = op.get("op").asText();
        int segmentsAfter = op.get("segmentsAfter").asInt();
        switch (kind) {
          case "create" -> {
            metadata = bytesOrNull(op.get("metadata"));
            model.names.add(SegmentId.FIRST);
            model.segments.add(
                new ArrayList<>(
                    List.of(
                        Expected.crc(),
                        Expected.metadata(metadata),
                        Expected.snapshot(Snapshot.ZERO))));
          }
          case "save" -> {
            HardState state = hardState(op.get("hardstate"));
            JsonNode entries = op.get("entries");
            if (state.isEmpty() && entries.isEmpty()) {
              break; // etcd's Save returns at once: no record, no cut
            }
            List<Expected> tail = model.segments.get(model.segments.size() - 1);
            for (JsonNode e : entries) {
              Entry entry =
                  Entry.of(
                      u64(e.get("term")),
                      u64(e.get("index")),
                      EntryType.forNumber(e.get("type").asInt()),
                      bytesOrNull(e.get("data")));
              tail.add(Expected.entry(entry));
              lastIndex = entry.index();
            }
            if (!state.isEmpty()) {
              tail.add(Expected.state(state));
              lastState = state;
            }
            if (segmentsAfter > segmentsBefore) {
              model.names.add(new SegmentId(model.segments.size(), lastIndex + 1));
              List<Expected> head =
                  new ArrayList<>(List.of(Expected.crc(), Expected.metadata(metadata)));
              if (lastState != null) {
                head.add(Expected.state(lastState));
              }
              model.segments.add(head);
            }
          }
          case "saveSnapshot" -> {
            JsonNode s = op.get("snapshot");
            Snapshot snapshot = Snapshot.of(u64(s.get("index")), u64(s.get("term")));
            model.segments.get(model.segments.size() - 1).add(Expected.snapshot(snapshot));
            if (Long.compareUnsigned(lastIndex, snapshot.index()) < 0) {
              lastIndex = snapshot.index();
            }
          }
          case "releaseLockTo", "purge", "close", "truncate", "fill", "flipBit" -> {
            // no record: segments are released, files edited after the fact
          }
          default -> throw new IllegalArgumentException("unknown op " + kind);
        }
        segmentsBefore = segmentsAfter;
      }
      return model;
    }
  }

  /** One fixture: its operations, what etcd read, and its segments in memory. */
  static final class Fixture {
    final String name;
    final JsonNode ops;
    final JsonNode expected;
    final MemorySegments segments = new MemorySegments();

    private Fixture(String name) throws IOException, URISyntaxException {
      this.name = name;
      Path dir = resource(name);
      this.ops = JSON.readTree(Files.readString(dir.resolve("ops.json")));
      this.expected = JSON.readTree(Files.readString(dir.resolve("expected.json")));
      try (Stream<Path> files = Files.list(dir.resolve("wal"))) {
        for (Path file : files.toList()) {
          Optional<SegmentId> id = SegmentId.parse(file.getFileName().toString());
          if (id.isEmpty()) {
            throw new IllegalStateException("not a segment: " + file);
          }
          segments.put(id.get(), Files.readAllBytes(file));
        }
      }
    }

    static Fixture load(String name) {
      try {
        return new Fixture(name);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }

    boolean hasEdits() {
      for (JsonNode op : ops.get("ops")) {
        if (EDITS.contains(op.get("op").asText())) {
          return true;
        }
      }
      return false;
    }

    JsonNode edit(String kind) {
      for (JsonNode op : ops.get("ops")) {
        if (op.get("op").asText().equals(kind)) {
          return op;
        }
      }
      throw new IllegalStateException(name + " has no " + kind);
    }
  }

  /**
   * A fixture's folder, found from the fixtures' list (a module finds files, not folders) in the
   * wal-etcd-fixtures jar, read through a zip file system, or in its classes.
   */
  private static Path resource(String name) throws URISyntaxException {
    URL list =
        EtcdFixturesTest.class
            .getClassLoader()
            .getResource("io/github/jwal/etcd-fixtures/fixtures.txt");
    if (list == null) {
      throw new IllegalStateException("no wal-etcd-fixtures on the test class path");
    }
    URI uri = list.toURI();
    if (uri.getScheme().equals("jar")) {
      try {
        FileSystems.getFileSystem(uri);
      } catch (FileSystemNotFoundException notYet) {
        try {
          FileSystems.newFileSystem(uri, Map.of());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    Path fixture = Path.of(uri).resolveSibling(name);
    if (!Files.isDirectory(fixture)) {
      throw new IllegalStateException("no etcd fixture " + name + " in wal-etcd-fixtures");
    }
    return fixture;
  }

  private static byte[] bytesOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : Base64.getDecoder().decode(node.asText());
  }

  private static long u64(JsonNode node) {
    return Long.parseUnsignedLong(node.asText());
  }

  private static HardState hardState(JsonNode node) {
    return new HardState(u64(node.get("term")), u64(node.get("vote")), u64(node.get("commit")));
  }
}
