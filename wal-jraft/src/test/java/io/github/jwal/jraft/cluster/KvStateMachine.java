package io.github.jwal.jraft.cluster;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Iterator;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.core.StateMachineAdapter;
import com.alipay.sofa.jraft.error.RaftError;
import com.alipay.sofa.jraft.error.RaftException;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotReader;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A replicated key-value map: each entry puts one key (8 bytes) to one value (8 bytes). Besides the
 * map it keeps an order-sensitive digest of every put applied, so two replicas agree only if they
 * applied the same puts in the same order, and it counts a put of a key already present (the
 * cluster's client never sends one twice, so a count above 0 means an entry was applied twice).
 *
 * <p>The snapshot is one file, {@code kv}, holding the whole state. Thread-safe: jraft applies and
 * snapshots on its state-machine thread, the tests read from theirs.
 */
final class KvStateMachine extends StateMachineAdapter {
  private static final String SNAPSHOT_FILE = "kv";

  private final Map<Long, Long> map = new HashMap<>();
  private long digest;
  private long appliedIndex;
  private long reapplied;
  private volatile long leaderTerm = -1;
  private volatile RaftException error;
  private final AtomicInteger snapshotsSaved = new AtomicInteger();
  private final AtomicInteger snapshotsLoaded = new AtomicInteger();

  /**
   * What the replicas compare: the last index applied, how many keys, the digest, and re-applied
   * puts.
   */
  record State(long appliedIndex, int keys, long digest, long reapplied) {}

  /** The entry data of one put. */
  static ByteBuffer put(long key, long value) {
    return ByteBuffer.allocate(16).putLong(0, key).putLong(8, value);
  }

  @Override
  public void onApply(Iterator it) {
    while (it.hasNext()) {
      ByteBuffer data = it.getData();
      // Absolute reads: the buffer is the one jraft keeps in its log cache.
      if (data.remaining() == 16) {
        apply(it.getIndex(), data.getLong(data.position()), data.getLong(data.position() + 8));
      }
      if (it.done() != null) {
        it.done().run(Status.OK());
      }
      it.next();
    }
  }

  private synchronized void apply(long index, long key, long value) {
    if (map.putIfAbsent(key, value) != null) {
      reapplied++;
    }
    digest = Long.rotateLeft(digest, 5) ^ (key * 0x9E3779B97F4A7C15L + value);
    appliedIndex = index;
  }

  synchronized State state() {
    return new State(appliedIndex, map.size(), digest, reapplied);
  }

  /** The value applied for {@code key}, or null. */
  synchronized Long get(long key) {
    return map.get(key);
  }

  long leaderTerm() {
    return leaderTerm;
  }

  RaftException error() {
    return error;
  }

  int snapshotsSaved() {
    return snapshotsSaved.get();
  }

  int snapshotsLoaded() {
    return snapshotsLoaded.get();
  }

  @Override
  public void onSnapshotSave(SnapshotWriter writer, Closure done) {
    try {
      synchronized (this) {
        try (OutputStream file = Files.newOutputStream(Path.of(writer.getPath(), SNAPSHOT_FILE));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file))) {
          out.writeLong(appliedIndex);
          out.writeLong(digest);
          out.writeLong(reapplied);
          out.writeInt(map.size());
          for (Map.Entry<Long, Long> e : map.entrySet()) {
            out.writeLong(e.getKey());
            out.writeLong(e.getValue());
          }
        }
      }
      if (!writer.addFile(SNAPSHOT_FILE)) {
        done.run(new Status(RaftError.EIO, "could not add the snapshot file"));
        return;
      }
      snapshotsSaved.incrementAndGet();
      done.run(Status.OK());
    } catch (IOException e) {
      done.run(new Status(RaftError.EIO, "snapshot save failed: %s", e));
    }
  }

  @Override
  public boolean onSnapshotLoad(SnapshotReader reader) {
    if (reader.getFileMeta(SNAPSHOT_FILE) == null) {
      return false;
    }
    try (InputStream file = Files.newInputStream(Path.of(reader.getPath(), SNAPSHOT_FILE));
        DataInputStream in = new DataInputStream(new BufferedInputStream(file))) {
      synchronized (this) {
        appliedIndex = in.readLong();
        digest = in.readLong();
        reapplied = in.readLong();
        map.clear();
        for (int i = in.readInt(); i > 0; i--) {
          map.put(in.readLong(), in.readLong());
        }
      }
      snapshotsLoaded.incrementAndGet();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void onLeaderStart(long term) {
    leaderTerm = term;
  }

  @Override
  public void onLeaderStop(Status status) {
    leaderTerm = -1;
  }

  @Override
  public void onError(RaftException e) {
    error = e;
  }
}
