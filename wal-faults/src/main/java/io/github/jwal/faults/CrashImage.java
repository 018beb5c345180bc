package io.github.jwal.faults;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One file's durable bytes and the changes made to it since its last sync, in order: the one
 * algorithm that decides, under a {@link FaultPlan}, which of those changes a crash keeps. Each
 * pending write is cut into pieces at multiples of the plan's granularity in file offsets; the
 * plan's {@link FaultPlan.Data} picks the pieces that reach the disk, in the order they were
 * written, and its {@link FaultPlan.Fill} says what is found where one did not. A truncate is one
 * piece.
 *
 * <p>Not thread-safe: its owner guards it.
 */
public final class CrashImage {
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

  /** An image whose bytes are all durable: {@code durable}, copied. */
  public CrashImage(byte[] durable) {
    this.durable = durable.clone();
    this.length = durable.length;
  }

  /** A write of {@code bytes} (kept, not copied: the caller gives them up) at {@code offset}. */
  public void write(long offset, byte[] bytes) {
    pending.add(Change.write(offset, bytes));
  }

  /** A cut of the file to at most {@code size} bytes. */
  public void truncate(long size) {
    pending.add(Change.truncate(size));
  }

  /** Whether a change is waiting for a sync. */
  public boolean hasPending() {
    return !pending.isEmpty();
  }

  /** How many bytes the file has as of its last sync. */
  public int durableLength() {
    return length;
  }

  /** A sync: every change so far becomes durable. */
  public void sync() {
    for (Change change : pending) {
      apply(change);
    }
    pending.clear();
  }

  /**
   * The bytes after a power loss: the durable ones plus the pieces of the changes the plan keeps,
   * every choice drawn from {@code random}. Afterwards they are the durable bytes and nothing is
   * pending.
   */
  public byte[] afterCrash(FaultPlan plan, SplittableRandom random) {
    List<Change> pieces = pieces(plan.granularity());
    int prefix = plan.data() == FaultPlan.Data.KEEP_PREFIX ? random.nextInt(pieces.size() + 1) : 0;
    for (int i = 0; i < pieces.size(); i++) {
      Change piece = pieces.get(i);
      boolean survives =
          switch (plan.data()) {
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
