package io.github.jwal.log;

import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.codec.RecordEncoder;
import io.github.jwal.codec.RecordType;

/**
 * The records every segment starts with, as etcd writes them: the CRC record carrying the chain
 * into the segment, the metadata, then in the first segment the zero snapshot record and in later
 * ones the last hard state (etcd's cut writes it too, unless it is empty). The head is synced
 * before the segment is published, so a reader treats damage in it as corruption, never as a torn
 * tail. Create and cut both encode their head here.
 */
final class SegmentHead {
  private SegmentHead() {}

  /** The head of a new log's first segment. */
  static void encodeFirst(RecordEncoder encoder, byte[] metadata) {
    encode(encoder, metadata);
    encoder.appendSnapshot(Snapshot.ZERO);
  }

  /** The head of the segment a cut starts, carrying the last hard state over. */
  static void encodeNext(RecordEncoder encoder, byte[] metadata, HardState state) {
    encode(encoder, metadata);
    if (!state.isEmpty()) {
      encoder.appendState(state);
    }
  }

  private static void encode(RecordEncoder encoder, byte[] metadata) {
    encoder.appendCrcRecord();
    encoder.appendRecord(RecordType.METADATA, metadata);
  }
}
