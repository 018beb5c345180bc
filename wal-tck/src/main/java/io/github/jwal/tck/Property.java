package io.github.jwal.tck;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A property checked over many generated histories, plain JUnit: each case runs from its own seed;
 * the first failing case is shrunk to a minimal history that still fails the same way, and reported
 * with its seed, the shrunk actions and the system property that replays it. Coverage counters are
 * printed after the run.
 */
final class Property {
  private static final int MAX_SHRINK_RUNS = 150;
  private static final long MAX_SHRINK_NANOS = 20_000_000_000L;

  private final String name;
  private final String testClass;
  private final Generator generator;
  private final FixtureSource fixtures;
  private final String provider;

  /**
   * @param fixtures makes the fixture of each run: a fresh one per case, so that what a case made
   *     (file systems, volumes, backups) is released before the next, whatever the scale
   * @param testClass the class to name in the replay hint
   */
  Property(
      String name, String testClass, Generator generator, String provider, FixtureSource fixtures) {
    this.name = name;
    this.testClass = testClass;
    this.generator = generator;
    this.provider = provider;
    this.fixtures = fixtures;
  }

  /** Runs {@code cases} cases (times the scale), or the one case of {@code -Djwal.tck.seed}. */
  Coverage check(int cases) throws Exception {
    Coverage coverage = new Coverage();
    Long replay = TckSettings.replaySeed();
    int total = replay != null ? 1 : cases * TckSettings.scale();
    for (int n = 0; n < total; n++) {
      long seed = replay != null ? replay : TckSettings.caseSeed(name, n);
      Generator.Case generated = generator.generate(seed);
      Coverage caseCoverage = new Coverage();
      Throwable failure = run(generated.segmentBytes(), generated.actions(), caseCoverage);
      if (failure != null) {
        throw report(seed, n, total, generated, failure);
      }
      coverage.addAll(caseCoverage);
    }
    System.out.println(
        "jwal-tck "
            + name
            + " on "
            + provider
            + ": "
            + total
            + " cases, "
            + "seeds from "
            + (replay != null ? "-D" + TckSettings.SEED : "base seed " + TckSettings.baseSeed())
            + "\n"
            + coverage);
    return coverage;
  }

  /** Makes a fixture for one run; the property closes it after the run. */
  @FunctionalInterface
  interface FixtureSource {
    TckFixture open() throws IOException;
  }

  private Throwable run(long segmentBytes, List<Action> actions, Coverage coverage) {
    try (TckFixture fixture = fixtures.open();
        Simulation simulation = new Simulation(fixture, segmentBytes, coverage)) {
      simulation.run(actions);
      return null;
    } catch (Simulation.StepFailure failure) {
      return failure;
    } catch (Exception | AssertionError e) {
      return e;
    }
  }

  private AssertionError report(
      long seed, int n, int total, Generator.Case generated, Throwable failure) {
    List<Action> shrunk = shrink(generated, failure);
    Throwable shrunkFailure = run(generated.segmentBytes(), shrunk, new Coverage());
    Throwable shown = shrunkFailure != null ? shrunkFailure : failure;
    StringBuilder message =
        new StringBuilder()
            .append("jwal-tck property ")
            .append(name)
            .append(" failed on ")
            .append(provider)
            .append(" for seed ")
            .append(seed)
            .append(" (case ")
            .append(n + 1)
            .append(" of ")
            .append(total)
            .append(").\n")
            .append("Replay it: mvn test -Dtest='")
            .append(testClass)
            .append("*' -D")
            .append(TckSettings.SEED)
            .append('=')
            .append(seed)
            .append('\n')
            .append("Shrunk from ")
            .append(generated.actions().size())
            .append(" to ")
            .append(shrunk.size())
            .append(" actions, segments of ")
            .append(generated.segmentBytes())
            .append(" bytes:\n");
    for (int i = 0; i < shrunk.size(); i++) {
      message.append(String.format("  %3d. %s%n", i + 1, shrunk.get(i)));
    }
    message.append("Failure: ").append(shown.getMessage());
    return new AssertionError(message.toString(), shown);
  }

  /**
   * Removes chunks of actions, halving the chunk size down to single actions, then shortens saves,
   * keeping every change after which the history still fails with the same kind of error.
   */
  private List<Action> shrink(Generator.Case generated, Throwable original) {
    String kind = kind(original);
    long deadline = System.nanoTime() + MAX_SHRINK_NANOS;
    int[] runs = {0};
    List<Action> current = new ArrayList<>(generated.actions());
    java.util.function.Predicate<List<Action>> fails =
        candidate -> {
          if (runs[0]++ >= MAX_SHRINK_RUNS || System.nanoTime() > deadline) {
            return false;
          }
          Throwable failure = run(generated.segmentBytes(), candidate, new Coverage());
          return failure != null && kind(failure).equals(kind);
        };
    for (int chunk = current.size() / 2; chunk >= 1; chunk /= 2) {
      for (int i = 1; i < current.size(); ) {
        List<Action> candidate = new ArrayList<>(current.subList(0, i));
        candidate.addAll(current.subList(Math.min(current.size(), i + chunk), current.size()));
        if (candidate.size() < current.size() && fails.test(candidate)) {
          current = candidate;
        } else {
          i += chunk;
        }
      }
    }
    for (int i = 0; i < current.size(); i++) {
      if (current.get(i) instanceof Action.Save save && save.sizes().size() > 1) {
        for (List<Integer> fewer :
            List.of(save.sizes().subList(0, 1), save.sizes().subList(0, save.sizes().size() / 2))) {
          List<Action> candidate = new ArrayList<>(current);
          candidate.set(
              i,
              new Action.Save(fewer, save.overwriteBack(), save.newTerm(), save.advanceCommit()));
          if (fails.test(candidate)) {
            current = candidate;
            break;
          }
        }
      }
    }
    return current;
  }

  /** The class of the root cause: shrinking keeps the failure of the same kind. */
  private static String kind(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause != cause.getCause()) {
      cause = cause.getCause();
    }
    return cause.getClass().getName();
  }
}
