package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The file pipeline seen from the log (docs/writing.md, The segment pipeline and preallocation):
 * etcd's TestFilePipeline.
 */
class WalPipelineFileTest extends WalFileTestBase {

  private static List<String> spares(Path dir) throws IOException {
    return names(dir).stream().filter(name -> name.matches("[0-9]+\\.tmp")).toList();
  }

  // etcd: TestFilePipeline, at the log's level: a writer keeps a spare N.tmp, and Close removes it
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aWriterKeepsASpareSegmentFileThatCloseRemoves(Fs fs) throws Exception {
    Path dir = root(fs).resolve("wal");
    Wal wal = create(options(dir), null);

    // The pipeline prepares its spare on its own thread.
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (spares(dir).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(List.of("0.tmp"), spares(dir));
    wal.close();

    assertEquals(
        List.of(SegmentId.FIRST.fileName(), FileStorageProvider.WRITER_LOCK_FILE), names(dir));
  }

  // etcd reuses a stale N.tmp without truncating it (docs/etcd-differences.md, Spare segments and
  // preallocation); jwal empties it first, so garbage left by a crash never follows the head of the
  // segment it becomes
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aStaleSpareFullOfGarbageIsEmptiedBeforeItBecomesASegment(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = options(dir);
    Wal.create(options, null).close();
    byte[] garbage = new byte[(int) SEGMENT_BYTES + 4096];
    Arrays.fill(garbage, (byte) 0x5a);
    Files.write(dir.resolve("0.tmp"), garbage);
    Files.write(dir.resolve("1.tmp"), garbage);
    List<Entry> saved = new ArrayList<>();

    try (Wal wal = reopen(options, Snapshot.ZERO)) {
      for (long i = 1; wal.lockedSegments().size() < 2; i++) {
        Entry e = entry(1, i, 4096);
        wal.save(new HardState(1, 1, i - 1), List.of(e));
        saved.add(e);
      }
    }

    WalContents contents = readOnly(options, Snapshot.ZERO);
    assertEquals(saved, contents.entries());
    assertNull(contents.tornTail(), "nothing after the last record");
    byte[] tail = Files.readAllBytes(lastSegment(dir));
    assertEquals(SEGMENT_BYTES, tail.length);
    int end = (int) SegmentFrames.end(SegmentFrames.of(tail));
    assertArrayEquals(new byte[tail.length - end], Arrays.copyOfRange(tail, end, tail.length));
    assertEquals(List.of(), spares(dir));
  }
}
