package io.github.jwal.tck;

import io.github.jwal.Entry;
import io.github.jwal.EntryType;

/** Deterministic contents: an entry's payload follows from its term, index and size. */
final class SamplePayloads {
  private SamplePayloads() {}

  static Entry entry(long term, long index, int size) {
    EntryType type = index % 13 == 0 ? EntryType.CONF_CHANGE : EntryType.NORMAL;
    if (size == 0 && index % 2 == 0) {
      return Entry.of(term, index, type, null);
    }
    return Entry.of(term, index, type, bytes(term * 1_000_003L + index, size));
  }

  static byte[] metadata(int size) {
    return size == 0 ? null : bytes(42, size);
  }

  static byte[] bytes(long seed, int size) {
    byte[] bytes = new byte[size];
    long x = seed * 0x9E3779B97F4A7C15L + size;
    for (int i = 0; i < size; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      bytes[i] = (byte) (x | 1);
    }
    return bytes;
  }
}
