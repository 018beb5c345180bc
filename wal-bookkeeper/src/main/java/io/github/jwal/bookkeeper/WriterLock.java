package io.github.jwal.bookkeeper;

import io.github.jwal.WalLockedException;
import io.github.jwal.WalNotFoundException;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.Stat;

/**
 * The writer's lock and its holds, as ephemeral znodes of the storage's session: {@code <log>/lock}
 * makes the session the log's one writer, {@code <log>/holds/<segment>} keeps a segment from
 * purges. They last until the storage closes or the session expires; ZooKeeper alone decides who
 * has them, so there is no moment when two sessions both do. A lock is not enough against a writer
 * that stalled past its session and wakes up: ledger fencing stops that one (see {@link
 * BookKeeperLogStorage}).
 *
 * <p>Not thread-safe: the storage calls it under its own lock.
 */
final class WriterLock {
  private final ZkSession session;
  private final BookKeeperLocation where;
  private final byte[] owner;
  private final Set<SegmentId> held = new HashSet<>();
  private boolean locked;

  WriterLock(ZkSession session, BookKeeperLocation where) {
    this.session = session;
    this.where = where;
    this.owner =
        ("jwal writer, ZooKeeper session 0x" + Long.toHexString(session.sessionId()))
            .getBytes(StandardCharsets.UTF_8);
  }

  boolean locked() {
    return locked;
  }

  /**
   * Makes this session the log's writer.
   *
   * @throws WalLockedException if another session is
   * @throws WalNotFoundException if the log's znode does not exist
   */
  void acquire() throws IOException {
    if (locked) {
      return;
    }
    try {
      session.once(
          zk -> zk.create(where.lock(), owner, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL));
    } catch (KeeperException.NodeExistsException taken) {
      if (!ownedByUs(where.lock())) {
        throw new WalLockedException(where.toString());
      }
    } catch (KeeperException.NoNodeException none) {
      throw new WalNotFoundException("no write-ahead log at " + where);
    } catch (KeeperException.ConnectionLossException lost) {
      // The create may have been applied: the znode says whose it is.
      if (!session.awaitConnected() || !ownedByUs(where.lock())) {
        throw session.unreachable(lost);
      }
    } catch (KeeperException e) {
      throw session.failure("taking the writer's lock", e);
    }
    locked = true;
  }

  /** Gives the lock up (a create that found a log there after all); the holds stay. */
  void giveUp() throws IOException {
    if (!locked) {
      return;
    }
    locked = false;
    try {
      session.retrying(
          zk -> {
            zk.delete(where.lock(), -1);
            return null;
          });
    } catch (KeeperException.NoNodeException | KeeperException.SessionExpiredException gone) {
      // Gone already.
    } catch (KeeperException e) {
      throw session.failure("giving up the writer's lock", e);
    }
  }

  /**
   * Deletes the lock and every hold at once (one multi), for a storage about to close its session:
   * the session's end would delete them too, but ZooKeeper's client takes long to close. Best
   * effort: what is left goes with the session.
   */
  void dropAll() {
    List<Op> ops = new ArrayList<>();
    for (SegmentId id : held) {
      ops.add(Op.delete(where.hold(id), -1));
    }
    if (locked) {
      ops.add(Op.delete(where.lock(), -1));
    }
    held.clear();
    locked = false;
    if (ops.isEmpty()) {
      return;
    }
    try {
      session.once(zk -> zk.multi(ops));
    } catch (IOException | KeeperException e) {
      // the session's end removes them
    }
  }

  /** Whether the znode at {@code path} is an ephemeral of this session (a retry found its own). */
  private boolean ownedByUs(String path) throws IOException {
    try {
      Stat stat = session.retrying(zk -> zk.exists(path, false));
      return stat != null && stat.getEphemeralOwner() == session.sessionId();
    } catch (KeeperException e) {
      throw session.failure("reading the writer's lock", e);
    }
  }

  Set<SegmentId> held() {
    return Set.copyOf(held);
  }

  boolean holds(SegmentId id) {
    return held.contains(id);
  }

  /** The operation that holds {@code id}, to go in the multi that publishes it. */
  Op holdOp(SegmentId id) {
    return Op.create(where.hold(id), owner, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
  }

  /** Notes that the multi with {@link #holdOp} applied. */
  void held(SegmentId id) {
    held.add(id);
  }

  /** Holds these segments, all or none: one multi. */
  void hold(List<SegmentId> ids) throws IOException {
    List<Op> ops = new ArrayList<>();
    for (SegmentId id : ids) {
      if (!held.contains(id)) {
        ops.add(holdOp(id));
      }
    }
    if (ops.isEmpty()) {
      return;
    }
    try {
      session.once(zk -> zk.multi(ops));
    } catch (KeeperException.ConnectionLossException lost) {
      if (!session.awaitConnected() || !allOwnedByUs(ids)) {
        throw session.unreachable(lost);
      }
    } catch (KeeperException.NodeExistsException e) {
      throw new WalLockedException("a segment of " + where);
    } catch (KeeperException e) {
      throw session.failure("holding segments", e);
    }
    held.addAll(ids);
  }

  private boolean allOwnedByUs(List<SegmentId> ids) throws IOException {
    for (SegmentId id : ids) {
      if (!ownedByUs(where.hold(id))) {
        return false;
      }
    }
    return true;
  }

  /** Lets a purge delete {@code id}; a segment not held is ignored. */
  void release(SegmentId id) throws IOException {
    if (!held.remove(id)) {
      return;
    }
    try {
      session.retrying(
          zk -> {
            zk.delete(where.hold(id), -1);
            return null;
          });
    } catch (KeeperException.NoNodeException | KeeperException.SessionExpiredException gone) {
      // Gone already: with the session, every hold went.
    } catch (KeeperException e) {
      throw session.failure("releasing " + id, e);
    }
  }

  /**
   * The operations, for a purge's multi, that succeed only if nobody holds {@code id}: a create and
   * a delete of its hold, which no other client ever sees, as a multi applies whole.
   */
  static List<Op> notHeld(BookKeeperLocation where, SegmentId id) {
    return List.of(
        Op.create(where.hold(id), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
        Op.delete(where.hold(id), -1));
  }
}
