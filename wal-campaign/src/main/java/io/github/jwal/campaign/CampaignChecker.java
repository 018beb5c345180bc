package io.github.jwal.campaign;

import io.github.jwal.RepairResult;
import io.github.jwal.WalContents;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The campaign's checker, run after every power cut: opens the log as the README says (latest valid
 * snapshot; on a torn tail, repair and open again) and compares it with what the writer was promised.
 *
 * <p>Usage: {@code CampaignChecker DIR SEED ACKS}, ACKS being the file of the writer's lines. Prints
 * one {@link Verdict} line on standard output, every problem and any repair on standard error, and
 * exits 0 if the verdict is ok, 1 if not, 2 if it could not check.
 */
public final class CampaignChecker {
  private CampaignChecker() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: CampaignChecker DIR SEED ACKS");
      System.exit(2);
    }
    WalOptions options = CampaignLog.options(Path.of(args[0]));
    long seed = Long.parseLong(args[1]);
    Acknowledgements acks = Acknowledgements.read(Path.of(args[2]));

    Recovery.Opened opened;
    try {
      opened = Recovery.open(options);
    } catch (IOException | RuntimeException e) {
      report(Verdict.unopenable(e), "");
      return;
    }
    Verdict verdict;
    try {
      verdict = Check.of(seed, acks, opened.snapshot(), opened.contents());
    } finally {
      opened.wal().close();
    }
    RepairResult repair = opened.repair();
    if (repair != null) {
      System.err.println("repaired: " + (repair.repaired()
          ? "cut " + repair.segment() + " at " + repair.cutAt() + " (" + repair.problem() + ")"
          : "nothing to cut"));
    }
    WalContents contents = opened.contents();
    report(verdict, "repairs=" + (repair != null && repair.repaired() ? 1 : 0)
        + " saves=" + acks.acknowledgedSaves()
        + " snapshot=" + opened.snapshot().index()
        + " last=" + contents.lastIndex(opened.snapshot().index())
        + " commit=" + contents.hardState().commit());
  }

  private static void report(Verdict verdict, String figures) {
    verdict.problems().forEach(p -> System.err.println("problem: " + p));
    System.out.println(verdict.line(figures));
    System.out.flush();
    System.exit(verdict.ok() ? 0 : 1);
  }
}
