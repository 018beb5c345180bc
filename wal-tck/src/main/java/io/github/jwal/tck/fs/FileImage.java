package io.github.jwal.tck.fs;

import io.github.jwal.tck.FaultPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One file's durable bytes and the changes made to it since its last sync, in order. Guarded by the
 * disk's lock.
 */
final class FileImage {
  /** A change not yet durable: bytes written at an offset, or the file cut to a size. */
  private record Change(long offset, byte[] bytes, boolean truncate) {
    static Change write(long offset, byte[] bytes) {
      return new Change(offset, bytes, false);
    }

    static Change truncate(long size) {
      return new Change(size, null, true);
    }
  }

  private byte[] durable;
  private int length;
  private final List<Change> pending = new ArrayList<>();

  FileImage(byte[] durable) {
    this.durable = durable.clone();
    this.length = durable.length;
  }

  void write(long offset, byte[] bytes) {
    pending.add(Change.write(offset, bytes));
  }

  void truncate(long size) {
    pending.add(Change.truncate(size));
  }

  boolean hasPending() {
    return !pending.isEmpty();
  }

  /** A sync: every change so far becomes durable. */
  void sync() {
    for (Change change : pending) {
      apply(change);
    }
    pending.clear();
  }

  /** The bytes after a power loss: the durable ones plus the pieces of the changes the plan keeps. */
  byte[] afterCrash(FaultPlan plan, SplittableRandom random) {
    List<Change> pieces = pieces(plan.granularity());
    int prefix = plan.data() == FaultPlan.Data.KEEP_PREFIX ? random.nextInt(pieces.size() + 1) : 0;
    for (int i = 0; i < pieces.size(); i++) {
      Change piece = pieces.get(i);
      boolean survives = switch (plan.data()) {
        case LOSE_UNSYNCED -> false;
        case KEEP_UNSYNCED -> true;
        case KEEP_PREFIX -> i < prefix;
        case KEEP_ANY_SUBSET -> random.nextBoolean();
      };
      if (survives) {
        apply(piece);
      } else if (!piece.truncate()) {
        lose(piece, plan.fill(), random);
      }
    }
    pending.clear();
    return Arrays.copyOf(durable, length);
  }

  private void lose(Change piece, FaultPlan.Fill fill, SplittableRandom random) {
    switch (fill) {
      case ZERO -> apply(Change.write(piece.offset(), new byte[piece.bytes().length]));
      case GARBAGE -> {
        byte[] garbage = new byte[piece.bytes().length];
        random.nextBytes(garbage);
        apply(Change.write(piece.offset(), garbage));
      }
      case OLD -> {
        // the disk keeps what it had, and a file does not grow for a piece that never arrived
      }
      default -> throw new AssertionError(fill);
    }
  }

  /** The pending writes cut at multiples of {@code granularity}; a truncate is one piece. */
  private List<Change> pieces(int granularity) {
    List<Change> pieces = new ArrayList<>();
    for (Change change : pending) {
      if (change.truncate()) {
        pieces.add(change);
        continue;
      }
      long offset = change.offset();
      byte[] bytes = change.bytes();
      int from = 0;
      while (from < bytes.length) {
        long at = offset + from;
        int to = (int) Math.min(bytes.length, (at / granularity + 1) * granularity - offset);
        pieces.add(Change.write(at, Arrays.copyOfRange(bytes, from, to)));
        from = to;
      }
    }
    return pieces;
  }

  private void apply(Change change) {
    if (change.truncate()) {
      int size = (int) Math.min(length, change.offset());
      Arrays.fill(durable, size, length, (byte) 0);
      length = size;
      return;
    }
    int end = Math.toIntExact(change.offset() + change.bytes().length);
    if (end > durable.length) {
      durable = Arrays.copyOf(durable, Math.max(end, 2 * durable.length));
    }
    System.arraycopy(change.bytes(), 0, durable, (int) change.offset(), change.bytes().length);
    length = Math.max(length, end);
  }
}
