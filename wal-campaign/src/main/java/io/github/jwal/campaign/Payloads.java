package io.github.jwal.campaign;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The writer's entry payloads, derived from (seed, index, term) alone: the checker recomputes the
 * payload of any entry it reads, so it can tell an acknowledged entry kept byte for byte, and an
 * unacknowledged one that is still something the writer wrote, from damage, without the writer
 * keeping a copy anywhere.
 *
 * <p>Sizes are spread log-uniformly over 10 B to 64 KiB, so that most entries are small, as a Raft
 * service's are, and some are as large as a whole segment.
 */
final class Payloads {
  static final int MIN_BYTES = 10;
  static final int MAX_BYTES = 64 * 1024;

  private Payloads() {}

  static byte[] of(long seed, long index, long term) {
    SplittableRandom random = new SplittableRandom(mix(seed, index, term));
    double logMin = Math.log(MIN_BYTES);
    double logMax = Math.log(MAX_BYTES);
    int size =
        (int)
            Math.min(
                MAX_BYTES, Math.round(Math.exp(logMin + random.nextDouble() * (logMax - logMin))));
    byte[] data = new byte[size];
    random.nextBytes(data);
    // A readable head, so that an entry seen in `jwal dump` says where it belongs.
    byte[] head = ("i" + index + " t" + term + " ").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, data, 0, Math.min(head.length, size));
    return data;
  }

  /** One 64-bit seed per (seed, index, term); SplittableRandom mixes it further. */
  private static long mix(long seed, long index, long term) {
    return seed * 0x9E3779B97F4A7C15L ^ index * 0xC2B2AE3D27D4EB4FL ^ term * 0x165667B19E3779F9L;
  }
}
