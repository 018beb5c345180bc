package io.github.jwal.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Does to a segment file what a power cut during a write does to it. The file backend cannot be
 * crashed from inside a running process, so the demo lets the last save complete and then rewrites
 * its end as the disk would have left it: the save's first sectors on disk, the rest never written,
 * reading as the zeros of the preallocated segment.
 */
final class PowerCut {
  /** The unit a disk writes atomically, at best. */
  static final int SECTOR = 512;

  /**
   * What the cut did.
   *
   * @param saveStart where the interrupted save's bytes start in the segment
   * @param saveEnd where they end
   * @param keptUpTo the save's bytes before this offset survived; from it to {@code saveEnd} are
   *     zeros
   * @param atSector whether {@code keptUpTo} is a sector boundary (else the save's records were too
   *     small to hold one, and the record is torn just after its length word or halfway)
   * @param tornFrame which of the save's frames the cut falls in, from 0
   */
  record Tear(long saveStart, long saveEnd, long keptUpTo, boolean atSector, int tornFrame) {}

  private PowerCut() {}

  /** Tears the save made of the last {@code frames} frames of {@code segment}. */
  static Tear tearLastSave(Path segment, int frames) throws IOException {
    byte[] bytes = Files.readAllBytes(segment);
    List<SegmentFrames.Frame> all = SegmentFrames.of(bytes);
    if (all.size() < frames) {
      throw new IllegalStateException(
          segment + " holds " + all.size() + " frames, not the " + frames + " of the last save");
    }
    List<SegmentFrames.Frame> save = all.subList(all.size() - frames, all.size());
    int start = save.get(0).offset();
    int end = save.get(save.size() - 1).end();
    int keep = sectorInside(bytes, save, (start + end) / 2);
    boolean atSector = keep >= 0;
    if (!atSector) {
      // The first frame is an entry, whose record ends with its payload: zeroing half of it damages
      // it.
      keep = halfway(save.get(0));
    }
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocate(end - keep);
      while (zeros.hasRemaining()) {
        channel.write(zeros, keep + zeros.position());
      }
      channel.force(true);
    }
    return new Tear(start, end, keep, atSector, frameOf(save, keep));
  }

  /**
   * The sector boundary nearest {@code middle} that falls inside a record's bytes and before a
   * non-zero byte of it, so that zeroing from there really damages the record; -1 if there is none.
   */
  private static int sectorInside(byte[] bytes, List<SegmentFrames.Frame> save, int middle) {
    int best = -1;
    for (SegmentFrames.Frame frame : save) {
      int first = (frame.offset() / SECTOR + 1) * SECTOR;
      for (int b = first; b < frame.dataEnd(); b += SECTOR) {
        if (nonZero(bytes, b, frame.dataEnd())
            && (best < 0 || Math.abs(b - middle) < Math.abs(best - middle))) {
          best = b;
        }
      }
    }
    return best;
  }

  /**
   * Halfway into the record, on an 8-byte boundary: never before its length word, never past its
   * bytes.
   */
  private static int halfway(SegmentFrames.Frame frame) {
    int data = frame.offset() + 8;
    return data + ((frame.dataEnd() - data) / 2 & ~7);
  }

  private static boolean nonZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return true;
      }
    }
    return false;
  }

  private static int frameOf(List<SegmentFrames.Frame> save, int offset) {
    for (int i = 0; i < save.size(); i++) {
      if (offset < save.get(i).end()) {
        return i;
      }
    }
    return save.size() - 1;
  }
}
