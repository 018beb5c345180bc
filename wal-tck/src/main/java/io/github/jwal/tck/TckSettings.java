package io.github.jwal.tck;

/**
 * The kit's knobs, read from system properties:
 *
 * <ul>
 *   <li>{@code jwal.tck.seed}: replay one generated case of each property from its printed seed;
 *   <li>{@code jwal.tck.baseSeed}: generate the cases from another base seed than the fixed
 *       default;
 *   <li>{@code jwal.tck.scale}: run this many times more cases (the {@code -Pstress} profile sets
 *       10).
 * </ul>
 */
final class TckSettings {
  static final String SEED = "jwal.tck.seed";
  static final String BASE_SEED = "jwal.tck.baseSeed";
  static final String SCALE = "jwal.tck.scale";
  private static final long DEFAULT_BASE_SEED = 0x6A77616C2D74636BL;

  private TckSettings() {}

  /** The seed to replay, or null to generate cases. */
  static Long replaySeed() {
    String value = System.getProperty(SEED);
    return value == null || value.isBlank() ? null : Long.decode(value.trim());
  }

  static long baseSeed() {
    return Long.getLong(BASE_SEED, DEFAULT_BASE_SEED);
  }

  static int scale() {
    return Math.max(1, Integer.getInteger(SCALE, 1));
  }

  /** The seed of case {@code n} of the property {@code name}: distinct per property and case. */
  static long caseSeed(String name, int n) {
    long z = baseSeed() + 0x9E3779B97F4A7C15L * (n + 1) + name.hashCode();
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
