package io.github.jwal.testing;

/**
 * The seed of the randomized tests: {@code -Djwal.seed=…} (decimal, or hex with {@code 0x}) replays
 * a failure; without it every run uses the same fixed seed, so a build is reproducible. Every
 * failure message of a randomized test names the seed and the case that failed.
 */
public final class Seeds {
  /** The seed a build uses unless told otherwise. */
  public static final long DEFAULT_SEED = 0x6a77616cL; // "jwal"

  public static final String PROPERTY = "jwal.seed";

  private Seeds() {}

  public static long seed() {
    String value = System.getProperty(PROPERTY);
    return value == null || value.isBlank() ? DEFAULT_SEED : Long.decode(value.trim());
  }

  /** The part of a failure message that says how to replay it. */
  public static String replay(long seed, long caseIndex) {
    return "seed " + seed + " (replay with -D" + PROPERTY + "=" + seed + "), case " + caseIndex;
  }

  /** A seed for case {@code index} of a run seeded with {@code seed}: each case replays alone. */
  public static long caseSeed(long seed, long index) {
    long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
