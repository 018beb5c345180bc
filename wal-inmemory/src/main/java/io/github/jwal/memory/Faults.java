package io.github.jwal.memory;

import java.io.IOException;

/** Failures a test asked a volume to inject, and its capacity. Guarded by the volume's lock. */
final class Faults {
  private static final long UNLIMITED = -1;

  private IOException nextWrite;
  private IOException nextSync;
  private long syncsBeforeFailure = UNLIMITED;
  private long capacity = Long.MAX_VALUE;

  void failNextWrite(IOException failure) {
    nextWrite = failure;
  }

  void failNextSync(IOException failure) {
    nextSync = failure;
  }

  void failSyncsAfter(long successfulSyncs) {
    syncsBeforeFailure = successfulSyncs;
  }

  void capacity(long bytes) {
    capacity = bytes;
  }

  long capacity() {
    return capacity;
  }

  /** Forgets the injected failures; the capacity stays, it belongs to the disk. */
  void clearInjected() {
    nextWrite = null;
    nextSync = null;
    syncsBeforeFailure = UNLIMITED;
  }

  /** The failure this write must report, or null; a one-shot failure is used up. */
  IOException takeWriteFailure() {
    IOException failure = nextWrite;
    nextWrite = null;
    return failure;
  }

  /** The failure this sync must report, or null; counts the sync against the budget otherwise. */
  IOException takeSyncFailure() {
    if (nextSync != null) {
      IOException failure = nextSync;
      nextSync = null;
      return failure;
    }
    if (syncsBeforeFailure == 0) {
      return new IOException("injected sync failure: this volume's syncs were set to fail");
    }
    if (syncsBeforeFailure > 0) {
      syncsBeforeFailure--;
    }
    return null;
  }
}
