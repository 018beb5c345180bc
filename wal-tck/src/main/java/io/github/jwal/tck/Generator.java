package io.github.jwal.tck;

import io.github.jwal.faults.FaultPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates histories: a segment size and a list of actions, all drawn from one seed. Payload sizes
 * cluster around the edges where bugs live: the 8-byte frame alignment, 512-byte sectors, 4096-byte
 * pages and the segment size, with small segments (4–32 KiB) so that cuts are frequent.
 */
final class Generator {
  /** Which kind of history a property needs. */
  enum Kind {
    /** Saves, snapshots, syncs, purges, reopens and probes; no crash. */
    HISTORY,
    /** A history with crashes under every fault plan, some while syncs fail. */
    CRASHES,
    /** A history in which syncs start failing, then go on working. */
    FAILING_SYNC,
    /** A history in which the disk fills up, then has space again. */
    DISK_FULL,
    /** A history, closed, then one flipped bit. */
    BIT_FLIP,
    /** A history in which a write is lost or misdirected, then a crash. */
    WRITE_FAULT
  }

  /** One generated case. */
  record Case(long segmentBytes, List<Action> actions) {}

  private static final long[] SEGMENT_SIZES = {4096, 8192, 16384, 32768};
  private static final List<FaultPlan> PLANS = FaultPlan.all();

  private final Kind kind;
  private final Set<Capability> capabilities;
  private final int length;

  Generator(Kind kind, Set<Capability> capabilities, int length) {
    this.kind = kind;
    this.capabilities = capabilities;
    this.length = length;
  }

  Case generate(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long segmentBytes = SEGMENT_SIZES[random.nextInt(SEGMENT_SIZES.length)];
    List<Action> actions = new ArrayList<>();
    actions.add(new Action.Create(random.nextInt(3) == 0 ? 0 : random.nextInt(1, 64)));
    int body = length / 2 + random.nextInt(length);
    switch (kind) {
      case HISTORY -> history(random, segmentBytes, body, actions);
      case CRASHES -> crashes(random, segmentBytes, body, actions);
      case FAILING_SYNC -> {
        history(random, segmentBytes, body / 2, actions);
        actions.add(new Action.FailSyncs(random.nextInt(4)));
        saves(random, segmentBytes, 1 + random.nextInt(4), actions);
        actions.add(new Action.Sync());
        if (capabilities.contains(Capability.CRASH) && random.nextBoolean()) {
          actions.add(crash(random));
        } else {
          actions.add(new Action.Reopen());
        }
        history(random, segmentBytes, body / 2, actions);
      }
      case DISK_FULL -> {
        history(random, segmentBytes, body / 2, actions);
        actions.add(new Action.DiskFull());
        saves(random, segmentBytes, 2 + random.nextInt(6), actions);
        actions.add(new Action.Reopen());
        saves(random, segmentBytes, 1 + random.nextInt(3), actions);
        actions.add(new Action.SpaceReturns());
        actions.add(new Action.Reopen());
        history(random, segmentBytes, body / 2, actions);
      }
      case BIT_FLIP -> {
        history(random, segmentBytes, body, actions);
        actions.add(new Action.FlipBit(random.nextLong(), random.nextInt(8)));
      }
      case WRITE_FAULT -> {
        history(random, segmentBytes, body / 2, actions);
        actions.add(
            new Action.InjectWriteFault(
                random.nextBoolean() ? WriteFault.LOST : WriteFault.MISDIRECTED));
        saves(random, segmentBytes, 1 + random.nextInt(3), actions);
        history(random, segmentBytes, random.nextInt(4), actions);
        actions.add(new Action.Sync());
        actions.add(crash(random));
      }
      default -> throw new AssertionError(kind);
    }
    return new Case(segmentBytes, List.copyOf(actions));
  }

  private void history(SplittableRandom random, long segmentBytes, int n, List<Action> actions) {
    for (int i = 0; i < n; i++) {
      actions.add(step(random, segmentBytes));
    }
  }

  private void crashes(SplittableRandom random, long segmentBytes, int n, List<Action> actions) {
    boolean failingSync = capabilities.contains(Capability.FAILING_SYNC);
    for (int i = 0; i < n; i++) {
      int dice = random.nextInt(100);
      if (dice < 12) {
        actions.add(crash(random));
      } else if (dice < 22 && failingSync) {
        // unsynced bytes in storage at the crash: a save whose sync fails
        actions.add(new Action.FailSyncs(random.nextInt(3)));
        saves(random, segmentBytes, 1 + random.nextInt(3), actions);
        actions.add(crash(random));
      } else if (dice < 28) {
        // unsynced bytes without a failure: a save that only advances the commit index
        actions.add(save(random, segmentBytes));
        actions.add(new Action.Save(List.of(), 0, false, true));
        actions.add(crash(random));
      } else {
        actions.add(step(random, segmentBytes));
      }
    }
  }

  private Action step(SplittableRandom random, long segmentBytes) {
    int dice = random.nextInt(100);
    if (dice < 55) {
      return save(random, segmentBytes);
    } else if (dice < 63) {
      return new Action.Save(List.of(), 0, random.nextInt(4) == 0, true);
    } else if (dice < 67) {
      return new Action.SaveSnapshot();
    } else if (dice < 70) {
      return new Action.TruncateAfter(1 + random.nextInt(4));
    } else if (dice < 71) {
      return new Action.Compact();
    } else if (dice < 77) {
      return new Action.Sync();
    } else if (dice < 82) {
      return new Action.ReleaseAndPurge(1 + random.nextInt(3));
    } else if (dice < 89) {
      return new Action.Reopen();
    } else if (dice < 94) {
      return new Action.SecondWriter();
    } else {
      return new Action.ReadOnlyPeek();
    }
  }

  private void saves(SplittableRandom random, long segmentBytes, int n, List<Action> actions) {
    for (int i = 0; i < n; i++) {
      actions.add(save(random, segmentBytes));
    }
  }

  private Action save(SplittableRandom random, long segmentBytes) {
    int count = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 3 : 8);
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sizes.add(payloadSize(random, segmentBytes));
    }
    int overwriteBack = random.nextInt(6) == 0 ? 1 + random.nextInt(4) : 0;
    if (overwriteBack > 0 && random.nextBoolean()) {
      // A new leader's entry that fills a segment: the cut after it starts at or below the index
      // the tail started at, so segments share first indexes or go down (rule R9).
      sizes = List.of((int) segmentBytes);
    }
    return new Action.Save(
        List.copyOf(sizes), overwriteBack, random.nextInt(10) == 0, random.nextInt(3) != 0);
  }

  private static int payloadSize(SplittableRandom random, long segmentBytes) {
    int edge =
        switch (random.nextInt(10)) {
          case 0, 1, 2, 3 -> 8;
          case 4, 5 -> 512;
          case 6 -> 4096;
          case 7 -> (int) segmentBytes;
          case 8 -> (int) segmentBytes / 2;
          default -> random.nextInt(2000);
        };
    return Math.max(0, edge + random.nextInt(-24, 25));
  }

  private static Action crash(SplittableRandom random) {
    return new Action.Crash(PLANS.get(random.nextInt(PLANS.size())), random.nextLong());
  }
}
