package io.github.jwal.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.tck.fs.JimfsCrashFixture;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A property's failure report carries what it takes to replay it, and the replay fails the same.
 */
class PropertyReportTest {
  private static final Pattern SEED = Pattern.compile("-Djwal\\.tck\\.seed=(-?\\d+)");

  private final JimfsCrashFixture fixture = new JimfsCrashFixture("tck-skips-fsync");

  @AfterEach
  void cleanUp() throws IOException {
    System.clearProperty(TckSettings.SEED);
    fixture.close();
  }

  private AssertionError failure() {
    Generator generator = new Generator(Generator.Kind.CRASHES, fixture.capabilities(), 30);
    return assertThrows(
        AssertionError.class,
        () ->
            new Property(
                    "C1",
                    "SomeTck",
                    generator,
                    fixture.provider(),
                    () -> new JimfsCrashFixture(fixture.provider()))
                .check(20));
  }

  @Test
  void aFailureNamesItsSeedItsShrunkHistoryAndHowToReplayIt() {
    String report = failure().getMessage();
    assertTrue(report.contains("property C1 failed on tck-skips-fsync for seed "), report);
    assertTrue(report.contains("Replay it: mvn test -Dtest='SomeTck*' -Djwal.tck.seed="), report);
    assertTrue(report.contains("Shrunk from "), report);
    assertTrue(report.contains("  1. create with "), report);
  }

  @Test
  void theReplaySeedRunsThatOneCaseAndFailsTheSameWay() {
    String report = failure().getMessage();
    Matcher seed = SEED.matcher(report);
    assertTrue(seed.find(), report);
    System.setProperty(TckSettings.SEED, seed.group(1));
    String replayed = failure().getMessage();
    assertTrue(replayed.contains("for seed " + seed.group(1) + " (case 1 of 1)"), replayed);
    assertEquals(
        report.substring(report.indexOf("Shrunk")), replayed.substring(replayed.indexOf("Shrunk")));
  }
}
