package io.github.jwal.file;

import io.github.jwal.ConfState;
import io.github.jwal.Entry;
import io.github.jwal.EntryType;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a set of logs with jwal on the file backend, for etcd's own reader to check ({@code
 * scripts/etcd-readall.sh} runs the etcd harness's {@code readall} on each). Run with the test
 * classpath: {@code java -cp wal-file/target/test-classes:wal-file/target/classes:
 * wal-api/target/classes io.github.jwal.file.WriteSampleLogs <outdir>}.
 *
 * <p>For each sample it writes {@code <outdir>/<name>/wal/} (the log) and {@code
 * <outdir>/<name>/expected.json}: the snapshot to open at, and the metadata, last hard state and
 * entries after that snapshot, as a model of raft's log computes them from the calls made, not as
 * jwal reads them back. Byte fields are base64, {@code null} for absent; numbers are unsigned.
 * Before writing the expectation it reads the log back with jwal and exits 1 if jwal disagrees with
 * the model.
 *
 * <p>Entries stay below 10 MiB: etcd 3.4.10+ refuses larger records ({@code
 * ErrMaxWALEntrySizeLimitExceeded}; docs/format.md, Differences between etcd versions), and the
 * harness is etcd 3.4.
 */
public final class WriteSampleLogs {
  private static final long SEGMENT_BYTES = 32 * 1024;

  private WriteSampleLogs() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: WriteSampleLogs <outdir>");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    boolean ok = true;
    for (Sample sample : samples()) {
      Path dir = out.resolve(sample.name);
      Recorder log =
          new Recorder(
              WalOptions.at(dir.resolve("wal"))
                  .withStorage(FileStorageProvider.NAME)
                  .withSegmentBytes(sample.segmentBytes));
      sample.body.write(log);
      log.closeIfOpen();
      String problem = log.checkWithJwal();
      if (problem != null) {
        System.err.println(sample.name + ": jwal itself reads back something else: " + problem);
        ok = false;
      }
      Files.writeString(dir.resolve("expected.json"), log.expectedJson(sample.description));
      System.out.println(sample.name + " " + log.openAt.index() + " " + log.openAt.term());
    }
    System.exit(ok ? 0 : 1);
  }

  private interface Body {
    void write(Recorder log) throws IOException;
  }

  private record Sample(String name, String description, long segmentBytes, Body body) {}

  private static List<Sample> samples() {
    List<Sample> samples = new ArrayList<>();
    samples.add(
        new Sample(
            "empty",
            "create with metadata, close",
            SEGMENT_BYTES,
            log -> {
              log.create(bytes("jwal sample: empty"));
              log.close();
            }));
    samples.add(
        new Sample(
            "nil-metadata",
            "create with no metadata (the field is absent)",
            SEGMENT_BYTES,
            log -> {
              log.create(null);
              log.close();
            }));
    samples.add(
        new Sample(
            "empty-metadata-and-data",
            "empty but present metadata and entry data, next to absent entry data",
            SEGMENT_BYTES,
            log -> {
              log.create(new byte[0]);
              log.save(
                  new HardState(1, 1, 0),
                  Entry.of(1, 1, new byte[0]),
                  Entry.of(1, 2, null),
                  Entry.of(1, 3, bytes("x")));
              log.close();
            }));
    samples.add(
        new Sample(
            "small",
            "small entries, a commit-only save (not synced), a term change",
            SEGMENT_BYTES,
            log -> {
              log.create(bytes("jwal sample: small"));
              log.save(new HardState(1, 1, 0), Entry.of(1, 1, bytes("hello")));
              log.save(
                  new HardState(1, 1, 1),
                  Entry.of(1, 2, bytes("world, a slightly longer entry payload")));
              log.save(new HardState(1, 1, 2));
              log.save(new HardState(2, 0, 2), Entry.of(2, 3, null));
              log.save(new HardState(2, 0, 3), Entry.of(2, 4, bytes("x")));
              log.close();
            }));
    samples.add(
        new Sample(
            "conf-change",
            "EntryConfChange and EntryConfChangeV2 entries",
            SEGMENT_BYTES,
            log -> {
              log.create(bytes("jwal sample: conf-change"));
              // raftpb.ConfChange{ID: 7, Type: AddNode, NodeID: 2, Context:
              // "http://127.0.0.1:2380"}
              byte[] confChange =
                  Base64.getDecoder().decode("CAcQABgCIhVodHRwOi8vMTI3LjAuMC4xOjIzODA=");
              log.save(new HardState(1, 1, 0), Entry.of(1, 1, bytes("before")));
              log.save(new HardState(1, 1, 1), Entry.of(1, 2, EntryType.CONF_CHANGE, confChange));
              log.save(
                  new HardState(1, 1, 2),
                  Entry.of(
                      1,
                      3,
                      EntryType.CONF_CHANGE_V2,
                      new byte[] {0x08, 0x01, 0x12, 0x04, 0x08, 0x00, 0x10, 0x03}),
                  Entry.of(1, 4, EntryType.CONF_CHANGE_V2, null));
              log.close();
            }));
    samples.add(
        new Sample(
            "multi-segment",
            "random batches of 1..5 entries of 0..4096 random bytes until six segments",
            SEGMENT_BYTES,
            log -> {
              Random random = new Random(20261126);
              log.create(bytes("jwal sample: multi-segment"));
              long index = 0;
              while (log.segments() < 6) {
                int n = 1 + random.nextInt(5);
                List<Entry> batch = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                  byte[] data = new byte[random.nextInt(4097)];
                  random.nextBytes(data);
                  batch.add(Entry.of(1, ++index, data));
                }
                log.save(new HardState(1, 1, index - 1), batch.toArray(Entry[]::new));
              }
              log.close();
            }));
    samples.add(
        new Sample(
            "big-entries",
            "1 MiB and 3 MiB entries in 32 KiB segments, each save growing a segment past its size",
            SEGMENT_BYTES,
            log -> {
              Random random = new Random(7);
              log.create(bytes("jwal sample: big-entries"));
              log.save(new HardState(1, 1, 0), Entry.of(1, 1, randomBytes(random, 1 << 20)));
              log.save(
                  new HardState(1, 1, 1),
                  Entry.of(1, 2, null),
                  Entry.of(1, 3, new byte[0]),
                  Entry.of(1, 4, bytes("small")));
              log.save(
                  new HardState(1, 1, 4),
                  Entry.of(1, 5, randomBytes(random, 3 << 20)),
                  Entry.of(1, 6, bytes("after")));
              log.close();
            }));
    samples.add(
        new Sample(
            "overwrite",
            "entries 1..10 of term 1, then 6..8 of term 2 replace 6..10",
            SEGMENT_BYTES,
            log -> {
              log.create(bytes("jwal sample: overwrite"));
              log.save(new HardState(1, 1, 5), terms(1, 1, 10));
              log.save(new HardState(2, 2, 5), terms(2, 6, 8));
              log.close();
            }));
    samples.add(
        new Sample(
            "overwrite-across-segments",
            "entries of the first segment replaced at term 2 from the second one",
            4096,
            log -> {
              log.create(bytes("jwal sample: overwrite-across-segments"));
              long index = 0;
              while (log.segments() < 2) {
                index++;
                log.save(new HardState(1, 1, 0), sized(1, index, 300));
              }
              log.save(
                  new HardState(2, 2, index - 3),
                  sized(2, index - 2, 300),
                  sized(2, index - 1, 300));
              log.close();
            }));
    samples.add(
        new Sample(
            "snapshot-release-purge",
            "a snapshot, releaseLockTo its index, a purge, more saves; read at the snapshot",
            SEGMENT_BYTES,
            log -> {
              log.create(bytes("jwal sample: snapshot-release-purge"));
              for (long i = 1; i <= 60; i++) {
                log.save(new HardState(1, 1, i - 1), sized(1, i, 2000));
              }
              log.saveSnapshot(Snapshot.of(40, 1));
              log.releaseLockTo(40);
              log.purge(1);
              for (long i = 61; i <= 80; i++) {
                log.save(new HardState(2, 2, i - 1), sized(2, i, 2000));
              }
              log.close();
              log.openAt(Snapshot.of(40, 1));
            }));
    samples.add(
        new Sample(
            "append-truncate-after",
            "appends at indexes the log assigns, a truncation after an index (the last entry kept is"
                + " written again), appends of a new term after it, across cuts",
            4096,
            log -> {
              log.create(bytes("jwal sample: append-truncate-after"));
              for (int i = 1; i <= 12; i++) {
                log.append(1, bytes("appended " + i + " ".repeat(500)), bytes("and its twin " + i));
              }
              log.save(new HardState(1, 1, 10), new Entry[0]);
              log.truncateAfter(15);
              for (int i = 1; i <= 6; i++) {
                log.append(2, bytes("after the truncation " + i + " ".repeat(700)));
              }
              log.close();
            }));
    samples.add(
        new Sample(
            "compact",
            "a compaction to a snapshot deleting the segments below it, appends after it; read at the"
                + " snapshot",
            SEGMENT_BYTES,
            log -> {
              log.create(bytes("jwal sample: compact"));
              for (long i = 1; i <= 60; i++) {
                log.save(new HardState(1, 1, i - 1), sized(1, i, 2000));
              }
              log.compact(Snapshot.of(45, 1));
              for (int i = 0; i < 10; i++) {
                log.append(2, bytes("after the compaction " + i));
              }
              log.close();
              log.openAt(Snapshot.of(45, 1));
            }));
    samples.add(
        new Sample(
            "snapshot-with-conf-state",
            "a snapshot record with a ConfState (written by etcd 3.5+, unknown to 3.4's walpb)",
            SEGMENT_BYTES,
            log -> {
              log.create(bytes("jwal sample: snapshot-with-conf-state"));
              log.save(new HardState(1, 1, 5), terms(1, 1, 5));
              log.saveSnapshot(
                  new Snapshot(
                      5,
                      1,
                      new ConfState(
                          List.of(1L, 2L, 3L), List.of(4L), List.of(), List.of(), false)));
              log.save(new HardState(1, 1, 7), terms(1, 6, 8));
              log.close();
              log.openAt(Snapshot.of(5, 1));
            }));
    samples.add(
        new Sample(
            "reopen-append-cut",
            "saves, close, reopen and read, then saves of entries only across cuts (jwal writes the"
                + " restored hard state into the new segments' heads), close",
            4096,
            log -> {
              log.create(bytes("jwal sample: reopen-append-cut"));
              log.save(new HardState(3, 2, 10), terms(3, 1, 10));
              log.close();
              log.reopen(Snapshot.ZERO);
              long index = 10;
              while (log.segments() < 4) {
                index++;
                log.save(HardState.EMPTY, sized(3, index, 500));
              }
              log.save(new HardState(3, 2, index));
              log.close();
              log.reopen(Snapshot.ZERO);
              log.save(new HardState(4, 1, index + 1), sized(4, index + 1, 500));
              log.close();
            }));
    samples.add(
        new Sample(
            "unsigned-values",
            "terms and a vote above 2^63, as etcd's random node ids make them",
            SEGMENT_BYTES,
            log -> {
              long term = Long.MIN_VALUE + 1;
              long vote = 0xfedc_ba98_7654_3210L;
              log.create(bytes("jwal sample: unsigned-values"));
              log.save(new HardState(term, vote, 0), Entry.of(term, 1, bytes("a")));
              log.save(new HardState(term + 1, vote, 2), Entry.of(term + 1, 2, bytes("b")));
              log.close();
            }));
    return samples;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static Entry[] terms(long term, long from, long to) {
    List<Entry> entries = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      entries.add(Entry.of(term, i, bytes("entry " + i + " of term " + term)));
    }
    return entries.toArray(Entry[]::new);
  }

  private static Entry sized(long term, long index, int size) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (index * 31 + term * 7 + i);
    }
    return Entry.of(term, index, data);
  }

  /**
   * Makes the calls on a jwal log and keeps a model of what raft's log then holds: the metadata,
   * the last non-empty hard state, and the entries, a later entry replacing those from its index
   * on.
   */
  private static final class Recorder {
    private final WalOptions options;
    private Wal wal;
    private byte[] metadata;
    private HardState state = HardState.EMPTY;
    private final TreeMap<Long, Entry> entries = new TreeMap<>(Long::compareUnsigned);
    private Snapshot openAt = Snapshot.ZERO;

    Recorder(WalOptions options) {
      this.options = options;
    }

    void create(byte[] metadata) throws IOException {
      wal = Wal.create(options, metadata);
      this.metadata = metadata;
    }

    void save(HardState hardState, Entry... saved) throws IOException {
      wal.save(hardState, List.of(saved));
      for (Entry e : saved) {
        entries.tailMap(e.index(), true).clear();
        entries.put(e.index(), e);
      }
      if (!hardState.isEmpty()) {
        state = hardState;
      }
    }

    void saveSnapshot(Snapshot snapshot) throws IOException {
      wal.saveSnapshot(snapshot);
    }

    void append(long term, byte[]... payloads) throws IOException {
      long index = wal.append(term, List.of(payloads));
      for (byte[] payload : payloads) {
        entries.tailMap(index, true).clear();
        entries.put(index, Entry.of(term, index, payload));
        index++;
      }
    }

    void truncateAfter(long index) throws IOException {
      wal.truncateAfter(index);
      entries.tailMap(index, false).clear();
    }

    void compact(Snapshot snapshot) throws IOException {
      wal.compact(snapshot);
      if (Long.compareUnsigned(state.commit(), snapshot.index()) < 0) {
        state = new HardState(state.term(), state.vote(), snapshot.index());
      }
    }

    void releaseLockTo(long index) throws IOException {
      wal.releaseLockTo(index);
    }

    void purge(int keep) throws IOException {
      List<SegmentId> purged = Wal.purge(options, keep);
      if (purged.isEmpty()) {
        throw new IllegalStateException("the sample meant to purge segments, and none went");
      }
    }

    void close() throws IOException {
      wal.close();
      wal = null;
    }

    void closeIfOpen() throws IOException {
      if (wal != null) {
        close();
      }
    }

    void reopen(Snapshot snapshot) throws IOException {
      wal = Wal.open(options, snapshot);
      wal.readAll();
    }

    void openAt(Snapshot snapshot) {
      openAt = snapshot;
    }

    int segments() {
      return wal.lockedSegments().size();
    }

    List<Entry> expectedEntries() {
      return List.copyOf(entries.tailMap(openAt.index(), false).values());
    }

    /** What jwal reads back, if it differs from the model; {@code null} if it agrees. */
    String checkWithJwal() throws IOException {
      WalContents contents;
      try (Wal reader = Wal.openForRead(options, openAt)) {
        contents = reader.readAll();
      }
      if (!Arrays.equals(contents.metadata(), metadata)) {
        return "metadata";
      }
      if (!contents.hardState().equals(state)) {
        return "hard state " + contents.hardState() + ", expected " + state;
      }
      if (!contents.entries().equals(expectedEntries())) {
        return "entries " + contents.entries().size() + ", expected " + expectedEntries().size();
      }
      if (contents.tornTail() != null) {
        return "a torn tail: " + contents.tornTail().getMessage();
      }
      return null;
    }

    String expectedJson(String description) {
      StringBuilder json = new StringBuilder();
      json.append("{\n  \"description\": ").append(quote(description)).append(",\n");
      json.append("  \"snapshot\": {\"index\": ")
          .append(u(openAt.index()))
          .append(", \"term\": ")
          .append(u(openAt.term()))
          .append("},\n");
      json.append("  \"metadata\": ").append(base64(metadata)).append(",\n");
      json.append("  \"hardstate\": {\"term\": ")
          .append(u(state.term()))
          .append(", \"vote\": ")
          .append(u(state.vote()))
          .append(", \"commit\": ")
          .append(u(state.commit()))
          .append("},\n");
      json.append("  \"entries\": [");
      String separator = "\n";
      for (Entry e : expectedEntries()) {
        json.append(separator)
            .append("    {\"term\": ")
            .append(u(e.term()))
            .append(", \"index\": ")
            .append(u(e.index()))
            .append(", \"type\": ")
            .append(e.type().number())
            .append(", \"data\": ")
            .append(base64(e.data()))
            .append("}");
        separator = ",\n";
      }
      json.append(separator.equals("\n") ? "]\n}\n" : "\n  ]\n}\n");
      return json.toString();
    }

    private static String u(long value) {
      return Long.toUnsignedString(value);
    }

    private static String base64(byte[] bytes) {
      return bytes == null ? "null" : "\"" + Base64.getEncoder().encodeToString(bytes) + "\"";
    }

    private static String quote(String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }
}
