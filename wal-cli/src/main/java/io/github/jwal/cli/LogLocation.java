package io.github.jwal.cli;

import io.github.jwal.Snapshot;
import io.github.jwal.WalOptions;
import io.github.jwal.file.FileStorageProvider;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The log a command works on: its directory, and the snapshot to read it from. */
final class LogLocation {
  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "The WAL directory: one jwal wrote, or etcd's member/wal.")
  Path dir;

  @ArgGroup(exclusive = false, multiplicity = "0..1")
  SnapshotOptions snapshot;

  /** Both or neither: a snapshot is named by its index and term together. */
  static final class SnapshotOptions {
    @Option(
        names = "--snapshot-index",
        paramLabel = "I",
        required = true,
        converter = UnsignedLongConverter.class,
        description =
            "Read from the snapshot at index I (with --snapshot-term), as a restarting member"
                + " does; needed once old segments are purged. Default: the start of the log (0).")
    long index;

    @Option(
        names = "--snapshot-term",
        paramLabel = "T",
        required = true,
        converter = UnsignedLongConverter.class,
        description = "The term of that snapshot. Default: 0.")
    long term;
  }

  /** Whether the operator named a snapshot to read from. */
  boolean snapshotGiven() {
    return snapshot != null;
  }

  Snapshot snapshot() {
    return snapshot == null ? Snapshot.ZERO : Snapshot.of(snapshot.index, snapshot.term);
  }

  /**
   * Always the file backend: the commands work on directories, whatever else is on the class path.
   */
  WalOptions options() {
    return WalOptions.at(dir).withStorage(FileStorageProvider.NAME);
  }
}
