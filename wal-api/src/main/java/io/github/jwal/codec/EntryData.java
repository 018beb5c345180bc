package io.github.jwal.codec;

/**
 * Where the decoder puts entry payloads. {@link #exact()} gives each payload its own array, so a
 * streaming replay keeps no more than the handler keeps. {@link #slabs()} packs payloads into large
 * shared arrays for {@code readAll}, which keeps every entry anyway: one large array instead of
 * thousands of small ones spares the garbage collector (G1 allocates arrays of half a region or
 * more outside the young generation, so they are never copied).
 */
public abstract class EntryData {
  private static final int SLAB_BYTES = 8 << 20;

  /** Payloads at least this large get their own array rather than a slab's tail. */
  private static final int OWN_ARRAY_BYTES = 64 << 10;

  /** The array the payload of {@code length} bytes is copied to; {@link #offset()} says where. */
  abstract byte[] allocate(int length);

  /** Where in the array {@link #allocate} returned last the payload goes. */
  abstract int offset();

  public static EntryData exact() {
    return new EntryData() {
      @Override
      byte[] allocate(int length) {
        return new byte[length];
      }

      @Override
      int offset() {
        return 0;
      }
    };
  }

  public static EntryData slabs() {
    return new EntryData() {
      private byte[] slab = new byte[0];
      private int used;
      private int offset;

      @Override
      byte[] allocate(int length) {
        if (length >= OWN_ARRAY_BYTES) {
          offset = 0;
          return new byte[length];
        }
        if (slab.length - used < length) {
          slab = new byte[SLAB_BYTES];
          used = 0;
        }
        offset = used;
        used += length;
        return slab;
      }

      @Override
      int offset() {
        return offset;
      }
    };
  }
}
