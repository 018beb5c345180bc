package io.github.jwal.jraft.testkit;

/**
 * Seeds for the randomised tests: {@code -Djwal.jraft.seed=N} replays a run, otherwise each run
 * draws a new one. Every seed is printed when drawn, and the tests put it in their failure
 * messages.
 */
public final class Seeds {
  private Seeds() {}

  /** The seed for {@code what}: the replayed one if given, else a fresh one; printed either way. */
  public static long seed(String what) {
    Long replay = Long.getLong("jwal.jraft.seed");
    long seed =
        replay != null
            ? replay
            : System.nanoTime() ^ Thread.currentThread().getId() * 0x9E3779B97F4A7C15L;
    System.out.printf(
        "[seed] %s: -Djwal.jraft.seed=%d%s%n", what, seed, replay != null ? " (replayed)" : "");
    return seed;
  }
}
