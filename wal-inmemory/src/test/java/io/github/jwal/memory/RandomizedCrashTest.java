package io.github.jwal.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.faults.FaultPlan;
import io.github.jwal.faults.FaultPlan.Fill;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentWriter;
import io.github.jwal.spi.StorageOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random appends, syncs, cuts and crashes against a model of what must survive. Runs with a new
 * seed each time; a failure names its seed, and {@code -Djwal.seed=<seed>} replays it.
 */
class RandomizedCrashTest extends VolumeTest {
  private static final int STEPS = 2000;
  private static final List<FaultPlan> PLANS = FaultPlan.all();

  private final long seed = Long.getLong("jwal.seed", new SplittableRandom().nextLong());
  private final SplittableRandom random = new SplittableRandom(seed);

  /** What the model knows of each segment: every byte written, and how many are synced. */
  private final TreeMap<SegmentId, byte[]> written = new TreeMap<>();

  private final TreeMap<SegmentId, Integer> synced = new TreeMap<>();

  private LogStorage storage;
  private SegmentWriter tail;
  private SegmentId tailId;

  @Test
  void randomWritesSyncsCutsAndCrashesNeverLoseASyncedByte() throws IOException {
    storage = open(new StorageOptions(4096, false));
    tail = createLog(storage);
    tailId = SegmentId.FIRST;
    written.put(tailId, new byte[0]);
    synced.put(tailId, 0);

    for (int step = 0; step < STEPS; step++) {
      int dice = random.nextInt(100);
      if (dice < 60) {
        append(random.nextInt(1, 1500));
      } else if (dice < 85) {
        tail.sync();
        synced.put(tailId, written.get(tailId).length);
      } else if (dice < 93) {
        cut();
      } else {
        crashAndCheck(step);
      }
    }
    storage.close();
  }

  private void append(int length) throws IOException {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    write(tail, bytes);
    written.put(tailId, concat(written.get(tailId), bytes));
  }

  private void cut() throws IOException {
    tail.seal();
    synced.put(tailId, written.get(tailId).length);
    SegmentWriter next = storage.allocate();
    SegmentId nextId = new SegmentId(tailId.seq() + 1, tailId.firstIndex() + random.nextInt(1, 50));
    tail = next;
    tailId = nextId;
    written.put(tailId, new byte[0]);
    append(random.nextInt(1, 100));
    next.sync();
    next.publish(nextId);
    synced.put(tailId, written.get(tailId).length);
  }

  private void crashAndCheck(int step) throws IOException {
    FaultPlan plan = PLANS.get(random.nextInt(PLANS.size()));
    volume.crash(plan, random.nextLong());
    String context =
        "seed " + seed + " (replay with -Djwal.seed=" + seed + "), step " + step + ", " + plan;

    assertEquals(List.copyOf(written.keySet()), volume.segments(), context);
    assertEquals(0, volume.stagedSegments(), context);
    for (SegmentId id : written.keySet()) {
      checkSurvivor(id, plan, context + ", segment " + id);
    }
    reopen();
  }

  private void checkSurvivor(SegmentId id, FaultPlan plan, String context) {
    byte[] before = written.get(id);
    int durable = synced.get(id);
    byte[] after = volume.contents(id);
    assertTrue(after.length >= durable, context + ": cut into the synced bytes");
    assertArrayEquals(Arrays.copyOf(before, durable), Arrays.copyOf(after, durable), context);
    if (plan.fill() != Fill.GARBAGE) {
      assertTrue(after.length <= before.length, context + ": grew");
      for (int i = durable; i < after.length; i++) {
        assertTrue(after[i] == before[i] || after[i] == 0, context + ": invented byte " + i);
      }
    }
    written.put(id, after);
    synced.put(id, after.length);
  }

  private void reopen() throws IOException {
    storage.close();
    storage = open(new StorageOptions(4096, false));
    storage.lock();
    storage.hold(new ArrayList<>(written.keySet()));
    tail = storage.openTail(tailId, written.get(tailId).length);
  }
}
