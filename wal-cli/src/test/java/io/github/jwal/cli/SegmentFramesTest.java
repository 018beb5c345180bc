package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentFramesTest {
  @TempDir Path tmp;

  private byte[] segmentOfOneSave(int entries) throws IOException {
    Path wal = tmp.resolve("wal");
    try (Wal log =
        Wal.create(WalOptions.at(wal).withStorage("file").withSegmentBytes(64 * 1024), null)) {
      List<Entry> batch = new ArrayList<>();
      for (int i = 1; i <= entries; i++) {
        batch.add(Entry.of(1, i, new byte[i]));
      }
      log.save(new HardState(1, 1, 0), batch);
    }
    return Files.readAllBytes(wal.resolve("0000000000000000-0000000000000000.wal"));
  }

  @Test
  void findsOneFramePerRecord() throws IOException {
    // CRC, metadata and snapshot records open a log; then 3 entries and a hard state.
    assertEquals(3 + 3 + 1, SegmentFrames.of(segmentOfOneSave(3)).size());
  }

  @Test
  void framesFollowEachOtherOn8ByteBoundaries() throws IOException {
    List<SegmentFrames.Frame> frames = SegmentFrames.of(segmentOfOneSave(5));
    for (int i = 0; i < frames.size(); i++) {
      SegmentFrames.Frame f = frames.get(i);
      assertEquals(i == 0 ? 0 : frames.get(i - 1).end(), f.offset());
      assertEquals(0, f.end() % 8);
      assertTrue(f.dataEnd() <= f.end() && f.end() - f.dataEnd() < 8, f::toString);
    }
  }

  @Test
  void stopsAtTheZerosAfterTheLastRecord() throws IOException {
    byte[] segment = segmentOfOneSave(2);
    List<SegmentFrames.Frame> frames = SegmentFrames.of(segment);
    int end = frames.get(frames.size() - 1).end();
    for (int i = end; i < segment.length; i++) {
      assertEquals(0, segment[i], "byte " + i);
    }
  }
}
