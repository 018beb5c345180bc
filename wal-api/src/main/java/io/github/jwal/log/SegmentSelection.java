package io.github.jwal.log;

import io.github.jwal.WalNotFoundException;
import io.github.jwal.spi.SegmentId;
import java.util.List;

/** Which segments a read starting at a snapshot needs (etcd's {@code selectWALFiles}). */
public final class SegmentSelection {
  private SegmentSelection() {}

  /**
   * The last segment whose first index is at or before {@code snapshotIndex}, and every segment
   * after it. Start indexes are not assumed to increase, so the search runs from the end, as etcd's
   * does. Unlike etcd, the sequence numbers must increase by exactly one from there (etcd lets any
   * number follow a 0).
   */
  public static List<SegmentId> select(
      List<SegmentId> segments, long snapshotIndex, String location) throws WalNotFoundException {
    if (segments.isEmpty()) {
      throw new WalNotFoundException("no write-ahead log segments in " + location);
    }
    int first = -1;
    for (int i = segments.size() - 1; i >= 0; i--) {
      if (Long.compareUnsigned(segments.get(i).firstIndex(), snapshotIndex) <= 0) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      throw new WalNotFoundException(
          "no segment in "
              + location
              + " starts at or before the snapshot index "
              + Long.toUnsignedString(snapshotIndex));
    }
    List<SegmentId> selected = segments.subList(first, segments.size());
    checkContinuous(selected, location);
    return List.copyOf(selected);
  }

  private static void checkContinuous(List<SegmentId> selected, String location)
      throws WalNotFoundException {
    for (int i = 1; i < selected.size(); i++) {
      if (selected.get(i).seq() != selected.get(i - 1).seq() + 1) {
        throw new WalNotFoundException(
            "segment sequence numbers in "
                + location
                + " do not increase continuously: "
                + selected.get(i - 1)
                + " is followed by "
                + selected.get(i));
      }
    }
  }

  /** Every segment, checked for a continuous run of sequence numbers from the first. */
  public static List<SegmentId> all(List<SegmentId> segments, String location)
      throws WalNotFoundException {
    if (segments.isEmpty()) {
      throw new WalNotFoundException("no write-ahead log segments in " + location);
    }
    checkContinuous(segments, location);
    return List.copyOf(segments);
  }
}
