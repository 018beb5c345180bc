package io.github.jwal.codec;

import io.github.jwal.Entry;
import io.github.jwal.EntryType;

/**
 * The codec's way into {@link Entry}'s payload without a copy: {@code Entry} copies on the way in
 * and out of its public API, but the encoder reads the caller's bytes where they lie and the
 * decoder hands over the array it filled. {@code Entry} installs the one implementation when it is
 * initialised; nothing outside the codec can reach it, as this package is not exported.
 */
public abstract class EntryAccess {
  private static volatile EntryAccess instance;

  /** Installs the implementation; called once, by {@code Entry}'s static initialiser. */
  public static void install(EntryAccess access) {
    if (instance != null) {
      throw new IllegalStateException("EntryAccess is installed already");
    }
    instance = access;
  }

  static EntryAccess get() {
    EntryAccess access = instance;
    if (access == null) {
      // Entry installs it when initialised, which may not have happened yet.
      Entry.of(0, 0, null);
      access = instance;
    }
    return access;
  }

  /**
   * Takes {@code bytes[offset .. offset + length)} as the payload without a copy, or no payload
   * when {@code bytes} is {@code null}; the caller owns the array and never changes it.
   */
  protected abstract Entry adopt(
      long term, long index, EntryType type, byte[] bytes, int offset, int length);

  /** The array holding the entry's payload, or {@code null}; never handed to callers. */
  protected abstract byte[] array(Entry entry);

  /** Where the payload starts in {@link #array}. */
  protected abstract int offset(Entry entry);
}
