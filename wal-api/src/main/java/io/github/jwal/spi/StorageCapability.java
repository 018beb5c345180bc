package io.github.jwal.spi;

/**
 * What a backend's storage does as files on a local disk do, where another kind of storage may do
 * otherwise. A provider declares its set ({@link LogStorageProvider#capabilities()}; a file
 * system's by default). Every rule of the SPI holds with or without them: the engine needs none,
 * and the compatibility kit consults them to know which outcomes a backend can show, so that it
 * checks a backend without them for what it promises instead of for what a disk does.
 */
public enum StorageCapability {
  /**
   * A reader sees every byte written to a segment before it was opened, synced or not, as readers
   * of a file see the page cache. Without it a reader sees at least every byte synced before it was
   * opened and, of the later ones, a prefix: a replicated log shows what its replicas hold.
   */
  UNSYNCED_READS,
  /**
   * A crash may keep any part of the bytes written and not synced: some of their sectors or pages,
   * in any order, or a write cut anywhere, as a power loss leaves a file (docs/fault-model.md).
   * Without it a crash keeps a prefix of a segment's unsynced bytes, possibly none, never later
   * bytes without the earlier ones: the storage's writes are atomic units applied in order, as
   * BookKeeper's entries are.
   */
  TORN_WRITES
}
