package io.github.jwal.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import io.github.jwal.tck.fs.JimfsCrashFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kit's own test: it runs the kit on the reference backend (in {@code selftest}), which must
 * pass everything, and on variants with one planted bug each, which must fail the rules that bug
 * breaks. A kit that lets a broken backend through is itself broken.
 */
class KitCatchesBrokenBackendsTest {
  /**
   * The planted bugs of {@code selftest.Flaw}, each with the kit tests that must fail it: the rule
   * it breaks, and the simulation that finds it without being told where to look.
   */
  enum Broken {
    SKIPS_FSYNC(
        "tck-skips-fsync",
        "StorageContract#required_R1_syncedBytesSurviveEveryFaultPlan",
        "CrashSimulation#required_C1_acknowledgedWritesSurviveCrashes"),
    ACKS_BEFORE_WRITING(
        "tck-acks-before-writing",
        "StorageContract#required_R1_syncedBytesSurviveEveryFaultPlan",
        "CrashSimulation#required_C0_historiesReadBackExactly",
        "CrashSimulation#required_C1_acknowledgedWritesSurviveCrashes"),
    REORDERS_ACROSS_SYNC(
        "tck-reorders-across-sync",
        "StorageContract#required_R1_syncedBytesSurviveEveryFaultPlan",
        "CrashSimulation#required_C1_acknowledgedWritesSurviveCrashes"),
    SKIPS_DIRECTORY_SYNC(
        "tck-skips-directory-sync",
        "StorageContract#required_R2_aPublishedSegmentSurvivesEveryFaultPlan",
        "StorageContract#required_R8_aDeleteIsDurable",
        "CrashSimulation#required_C1_acknowledgedWritesSurviveCrashes"),
    CORRUPTS_SYNCED_BYTES(
        "tck-corrupts-synced-bytes",
        "WalContract#required_W8_segmentsAreCutAndReadAcross",
        "CrashSimulation#required_C0_historiesReadBackExactly",
        "CrashSimulation#required_C1_acknowledgedWritesSurviveCrashes"),
    LOSES_NEWEST_SEGMENT(
        "tck-loses-newest-segment",
        "StorageContract#required_R9_segmentsAreListedInOrder",
        "WalContract#required_W8_segmentsAreCutAndReadAcross",
        "CrashSimulation#required_C0_historiesReadBackExactly"),
    IGNORES_LOCKS(
        "tck-ignores-locks",
        "StorageContract#required_R5_aSecondWriterInThisProcessIsRefused",
        "WalContract#required_W7_aSecondWriterIsRefusedAndAReaderIsNot",
        "CrashSimulation#required_C0_historiesReadBackExactly"),
    LOCKS_ONLY_SEGMENTS(
        "tck-locks-only-segments",
        "StorageContract#required_R5_aSecondWriterInThisProcessIsRefused",
        "StorageContract#required_R5_aSecondWriterIsRefusedAfterACutAndARelease"),
    LISTS_BY_FIRST_INDEX(
        "tck-lists-by-first-index",
        "StorageContract#required_R9_segmentsWithTheSameFirstIndexAreListedBySequence",
        "CrashSimulation#required_C1_acknowledgedWritesSurviveCrashes"),
    BACKUP_NOT_DURABLE("tck-backup-not-durable", "StorageContract#required_R11_aBackupIsDurable"),
    BACKUP_OVERWRITES(
        "tck-backup-overwrites", "StorageContract#required_R11_aSecondBackupKeepsTheFirst"),
    NO_SYNC_SKIPS_DIRECTORY_SYNCS(
        "tck-no-sync-skips-directory-syncs",
        "StorageContract#required_R13_unsafeNoSyncKeepsNamesAndCutsDurable"),
    TRUNCATE_NOT_DURABLE(
        "tck-truncate-not-durable",
        "StorageContract#required_R11_truncateCutsTheSegmentDurably",
        "StorageContract#required_R13_unsafeNoSyncKeepsNamesAndCutsDurable",
        "WalContract#required_W18_aRepairIsDurable"),
    DELETE_NOT_DURABLE(
        "tck-delete-not-durable",
        "StorageContract#required_R8_aDeleteIsDurable",
        "StorageContract#required_R13_unsafeNoSyncKeepsNamesAndCutsDurable",
        "WalContract#required_W19_aPurgeIsDurable"),
    CREATES_IN_PLACE(
        "tck-creates-in-place",
        "StorageContract#required_R3_anUnpublishedCreateLeavesNoLog",
        "StorageContract#required_R3_aStagedLogIsNotListed"),
    RETRIES_FAILED_SYNC(
        "tck-retries-failed-sync",
        "StorageContract#required_R6_aFailedSyncIsFinal",
        "StorageContract#required_R6_aFailedSyncPoisonsTheWholeStorage"),
    POISON_NOT_SHARED(
        "tck-poison-not-shared",
        "StorageContract#required_R6_aFailedSyncIsFinal",
        "StorageContract#required_R6_aFailedSyncPoisonsTheWholeStorage"),
    STAGED_NOT_EMPTIED(
        "tck-staged-not-emptied",
        "StorageContract#required_R4_aStagedSegmentStartsEmptyAfterACrash"),
    READS_AT_THE_SIZE_IT_OPENED_WITH(
        "tck-reads-at-the-size-it-opened-with",
        "StorageContract#required_R14_readAtSeesWhatWasWrittenAfterTheReaderOpened");

    final String provider;

    // ImmutableEnumChecker: List.of is immutable, though its type does not say so.
    @SuppressWarnings("ImmutableEnumChecker")
    final List<String> caughtBy;

    Broken(String provider, String... caughtBy) {
      this.provider = provider;
      this.caughtBy = List.of(caughtBy);
    }
  }

  /** The backend the next launched kit tests; the launcher runs in this thread. */
  private static volatile String provider;

  /** The kit on {@link #provider} over the crash layer; run only through the launcher. */
  static final class SelectedKit extends WalTck {
    @Override
    protected TckFixture fixture() {
      return new JimfsCrashFixture(provider);
    }
  }

  /** Runs the selected kit tests on a backend; returns each test's outcome by method name. */
  private static Map<String, TestExecutionResult> run(
      String backend, DiscoverySelector... selectors) {
    provider = backend;
    Map<String, TestExecutionResult> results = new TreeMap<>();
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
    LauncherFactory.create()
        .execute(
            request,
            new TestExecutionListener() {
              @Override
              public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                  String name =
                      test.getSource()
                          .filter(MethodSource.class::isInstance)
                          .map(source -> ((MethodSource) source).getMethodName())
                          .orElse(test.getDisplayName());
                  results.merge(name + " " + test.getDisplayName(), result, (a, b) -> a);
                }
              }

              @Override
              public void executionSkipped(TestIdentifier test, String reason) {
                results.put(
                    test.getDisplayName() + " (skipped: " + reason + ")",
                    TestExecutionResult.aborted(null));
              }
            });
    return results;
  }

  private static List<String> failed(Map<String, TestExecutionResult> results) {
    List<String> failed = new ArrayList<>();
    results.forEach(
        (name, result) -> {
          if (result.getStatus() == TestExecutionResult.Status.FAILED) {
            failed.add(name + ": " + result.getThrowable().map(Throwable::getMessage).orElse(""));
          }
        });
    return failed;
  }

  @Test
  void theReferenceBackendPassesTheWholeKit() {
    Map<String, TestExecutionResult> results = run("tck-reference", selectClass(SelectedKit.class));
    assertEquals(List.of(), failed(results), "the reference backend failed the kit");
    assertTrue(results.size() > 70, "the kit ran only " + results.size() + " tests");
  }

  @ParameterizedTest
  @EnumSource(Broken.class)
  void theKitFailsABrokenBackend(Broken flaw) {
    List<DiscoverySelector> selectors = new ArrayList<>();
    for (String test : flaw.caughtBy) {
      String[] parts = test.split("#", -1);
      Class<?> suite =
          switch (parts[0]) {
            case "StorageContract" -> WalTck.StorageContract.class;
            case "WalContract" -> WalTck.WalContract.class;
            default -> WalTck.CrashSimulation.class;
          };
      selectors.add(selectNestedMethod(List.of(SelectedKit.class), suite, parts[1]));
    }
    Map<String, TestExecutionResult> results =
        run(flaw.provider, selectors.toArray(DiscoverySelector[]::new));
    System.out.println(flaw + " is caught by:\n  " + String.join("\n  ", failed(results)));
    assertEquals(flaw.caughtBy.size(), results.size(), "tests run: " + results.keySet());
    results.forEach(
        (name, result) ->
            assertEquals(
                TestExecutionResult.Status.FAILED, result.getStatus(), flaw + " passed " + name));
  }
}
