package io.github.jwal.cli;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The demo's entry payloads: readable text, different for every index, and computable again from
 * the index alone, so that recovery can be checked byte for byte without keeping what was written.
 */
final class DemoPayloads {
  private DemoPayloads() {}

  static byte[] of(long index, int size) {
    byte[] data = new byte[size];
    byte[] prefix = ("entry " + index + ": ").getBytes(StandardCharsets.US_ASCII);
    int start = Math.min(size, prefix.length);
    System.arraycopy(prefix, 0, data, 0, start);
    SplittableRandom random = new SplittableRandom(index);
    for (int i = start; i < size; i++) {
      data[i] = (byte) ('a' + random.nextInt(26));
    }
    return data;
  }
}
