package io.github.jwal.cli;

import io.github.jwal.CrcMismatchException;
import io.github.jwal.MetadataConflictException;
import io.github.jwal.SnapshotMismatchException;
import io.github.jwal.SnapshotNotFoundException;
import io.github.jwal.TornTailException;
import io.github.jwal.WalCorruptException;
import io.github.jwal.WalNotFoundException;
import java.io.IOException;

/** What stopped a read, by the names dump's JSON uses for {@code errorKind}. */
enum ErrorKind {
  TORN_TAIL("torn-tail", true),
  CRC_MISMATCH("crc-mismatch", true),
  METADATA_CONFLICT("metadata-conflict", true),
  CORRUPTION("corruption", true),
  SNAPSHOT_MISMATCH("snapshot-mismatch", false),
  SNAPSHOT_NOT_FOUND("snapshot-not-found", false),
  FILE_NOT_FOUND("file-not-found", false),
  IO("io", false);

  private final String label;
  private final boolean damage;

  ErrorKind(String label, boolean damage) {
    this.label = label;
    this.damage = damage;
  }

  /** The name in dump's JSON. */
  String label() {
    return label;
  }

  /** Whether this kind alone says the log's bytes are damaged. */
  boolean isDamage() {
    return damage;
  }

  static ErrorKind of(IOException e) {
    // Most specific first: the damage exceptions extend WalCorruptException.
    if (e instanceof TornTailException) {
      return TORN_TAIL;
    }
    if (e instanceof CrcMismatchException) {
      return CRC_MISMATCH;
    }
    if (e instanceof MetadataConflictException) {
      return METADATA_CONFLICT;
    }
    if (e instanceof WalCorruptException) {
      return CORRUPTION;
    }
    if (e instanceof SnapshotMismatchException) {
      return SNAPSHOT_MISMATCH;
    }
    if (e instanceof SnapshotNotFoundException) {
      return SNAPSHOT_NOT_FOUND;
    }
    if (e instanceof WalNotFoundException) {
      return FILE_NOT_FOUND;
    }
    return IO;
  }
}
