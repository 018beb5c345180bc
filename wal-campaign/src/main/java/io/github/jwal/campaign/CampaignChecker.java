package io.github.jwal.campaign;

import io.github.jwal.RepairPolicy;
import io.github.jwal.RepairResult;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The campaign's checker, run after every power cut: opens the log as the README says (latest valid
 * snapshot; on a torn tail, repair and open again) and compares it with what the writer was
 * promised.
 *
 * <p>Usage: {@code CampaignChecker DIR SEED ACKS}, ACKS being the file of the writer's lines.
 * Prints one {@link Verdict} line on standard output, every problem and any repair on standard
 * error, and exits 0 if the verdict is ok, 1 if not, 2 if it could not check.
 *
 * <p>An unopenable log is then cut as etcd's repair would ({@link
 * RepairPolicy#DISCARD_DAMAGED_TAIL}) and checked again, and the line says how that went after a
 * {@code |}: it tells a log refused for damage that only unacknowledged saves left (a torn tail
 * taken for corruption) from one that lost what was promised. The verdict stays unopenable: the
 * README's way of opening it failed.
 */
public final class CampaignChecker {
  /** A verdict on a log that opened, with the figures of what was read. */
  private record Checked(Verdict verdict, String figures) {
    String line() {
      return verdict.line(figures);
    }
  }

  private CampaignChecker() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: CampaignChecker DIR SEED ACKS");
      System.exit(2);
    }
    WalOptions options = CampaignLog.options(Path.of(args[0]));
    long seed = Long.parseLong(args[1]);
    Acknowledgements acks = Acknowledgements.read(Path.of(args[2]));

    String line;
    boolean ok;
    try {
      Checked checked = check(Recovery.open(options), seed, acks);
      line = checked.line();
      ok = checked.verdict().ok();
    } catch (IOException | RuntimeException e) {
      Verdict unopenable = Verdict.unopenable(e);
      print(unopenable);
      line = unopenable.line("") + " | " + cutAsEtcd(options, seed, acks);
      ok = false;
    }
    System.out.println(line);
    System.out.flush();
    System.exit(ok ? 0 : 1);
  }

  private static Checked check(Recovery.Opened opened, long seed, Acknowledgements acks)
      throws IOException {
    Verdict verdict;
    try {
      verdict = Check.of(seed, acks, opened.snapshot(), opened.contents());
    } finally {
      opened.wal().close();
    }
    RepairResult repair = opened.repair();
    if (repair != null) {
      System.err.println(
          "repaired: "
              + (repair.repaired()
                  ? "cut "
                      + repair.segment()
                      + " at "
                      + repair.cutAt()
                      + " ("
                      + repair.problem()
                      + ")"
                  : "nothing to cut"));
    }
    WalContents contents = opened.contents();
    print(verdict);
    return new Checked(
        verdict,
        "repairs="
            + (repair != null && repair.repaired() ? 1 : 0)
            + " saves="
            + acks.acknowledgedSaves()
            + " snapshot="
            + opened.snapshot().index()
            + " last="
            + contents.lastIndex(opened.snapshot().index())
            + " commit="
            + contents.hardState().commit());
  }

  /**
   * What the log holds once its damaged tail is cut as etcd would: a diagnosis, not the verdict.
   */
  private static String cutAsEtcd(WalOptions options, long seed, Acknowledgements acks) {
    try {
      RepairResult cut = Wal.repair(options, RepairPolicy.DISCARD_DAMAGED_TAIL);
      System.err.println("cut as etcd would: " + cut);
      Checked checked = check(Recovery.open(options), seed, acks);
      return "with the damaged tail cut as etcd would: " + checked.line();
    } catch (IOException | RuntimeException e) {
      return "still " + Verdict.unopenable(e).line("") + " with the damaged tail cut as etcd would";
    }
  }

  private static void print(Verdict verdict) {
    verdict.problems().forEach(p -> System.err.println("problem: " + p));
  }
}
