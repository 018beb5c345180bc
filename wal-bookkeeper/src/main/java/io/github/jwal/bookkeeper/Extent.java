package io.github.jwal.bookkeeper;

import java.util.ArrayList;
import java.util.List;

/**
 * A run of a segment's bytes in one ledger: the ledger's bytes from its start, {@code length} of
 * them. A segment is its extents one after the other; a ledger is written by one writer session, so
 * a segment opened for appending again gets a new extent. Ledgers are never rewritten: a truncate
 * shortens the last extents it reaches, and bytes of a ledger past its extent's length are not part
 * of the segment.
 *
 * @param ledgerId the ledger
 * @param lastEntryId the id of the ledger's last entry the extent uses ({@code -1} for none), or
 *     {@link #UNKNOWN} while the extent is open
 * @param length the extent's bytes, or {@link #UNKNOWN} while the extent is open: its writer may
 *     still append, or died without saying how far it got (the next writer fences the ledger and
 *     records what recovery found)
 */
record Extent(long ledgerId, long lastEntryId, long length) {
  static final long UNKNOWN = -2;

  Extent {
    if (length == UNKNOWN ? lastEntryId != UNKNOWN : length < 0 || lastEntryId < -1) {
      throw new IllegalArgumentException(
          "extent of ledger " + ledgerId + ": last entry " + lastEntryId + ", length " + length);
    }
  }

  /** The extent of a ledger a writer appends to. */
  static Extent open(long ledgerId) {
    return new Extent(ledgerId, UNKNOWN, UNKNOWN);
  }

  boolean isOpen() {
    return length == UNKNOWN;
  }

  /** The total length of known extents. */
  static long length(List<Extent> extents) {
    long total = 0;
    for (Extent extent : extents) {
      if (extent.isOpen()) {
        throw new IllegalStateException("ledger " + extent.ledgerId() + " is still open");
      }
      total += extent.length();
    }
    return total;
  }

  /**
   * The first {@code size} bytes of known extents: whole extents, then a shortened one. An extent
   * cut to nothing is dropped, so that no empty extent keeps a ledger referenced.
   */
  static List<Extent> cut(List<Extent> extents, long size) {
    List<Extent> kept = new ArrayList<>();
    long left = size;
    for (Extent extent : extents) {
      if (left == 0) {
        break;
      }
      long take = Math.min(left, length(List.of(extent)));
      if (take > 0) {
        kept.add(
            take == extent.length()
                ? extent
                : new Extent(extent.ledgerId(), extent.lastEntryId(), take));
      }
      left -= take;
    }
    return List.copyOf(kept);
  }

  /** {@code ledger:last:length}, or {@code ledger:open}. */
  @Override
  public String toString() {
    return isOpen() ? ledgerId + ":open" : ledgerId + ":" + lastEntryId + ":" + length;
  }

  /** The extent {@link #toString()} wrote. */
  static Extent parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length == 2 && parts[1].equals("open")) {
      return open(Long.parseLong(parts[0]));
    }
    if (parts.length != 3) {
      throw new IllegalArgumentException("not an extent: " + text);
    }
    return new Extent(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
  }
}
