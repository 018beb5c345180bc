package io.github.jwal.bookkeeper;

import io.github.jwal.WalException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.Stat;

/**
 * The log's manifest znode, read and changed through one storage's session. A change is a
 * compare-and-set on the znode's version, in one ZooKeeper {@code multi} with the hold znodes it
 * makes or checks, so it applies whole or not at all; two changes (a writer's cut, another
 * process's purge) never lose each other: the one that loses the race reads the manifest again,
 * applies itself to it and tries again. A change whose answer was lost with the connection is found
 * applied, or applied again, the same way: changes are functions of the manifest that leave a
 * manifest they were applied to as it is.
 */
final class ManifestStore {
  /** The manifest and the version of its znode; version {@value #ABSENT} when there is none. */
  record Versioned(Manifest manifest, int version) {
    static final int ABSENT = -1;

    boolean exists() {
      return version != ABSENT;
    }
  }

  private static final int MAX_CONFLICTS = 1000;

  private final ZkSession session;
  private final BookKeeperLocation where;

  ManifestStore(ZkSession session, BookKeeperLocation where) {
    this.session = session;
    this.where = where;
  }

  /** The manifest as ZooKeeper has it now. */
  Versioned read() throws IOException {
    try {
      return session.retrying(
          zk -> {
            Stat stat = new Stat();
            try {
              byte[] data = zk.getData(where.manifest(), false, stat);
              return new Versioned(
                  Manifest.decode(data, "the manifest of " + where), stat.getVersion());
            } catch (KeeperException.NoNodeException none) {
              return new Versioned(Manifest.EMPTY, Versioned.ABSENT);
            } catch (WalException damaged) {
              throw new DamagedManifest(damaged);
            }
          });
    } catch (DamagedManifest e) {
      throw e.damage;
    } catch (KeeperException e) {
      throw session.failure("reading the manifest", e);
    }
  }

  /** Carries a manifest that does not parse out of a ZooKeeper call. */
  private static final class DamagedManifest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient WalException damage;

    DamagedManifest(WalException damage) {
      super(damage);
      this.damage = damage;
    }
  }

  /**
   * Writes {@code change} of the manifest, starting from {@code base} (what the caller last knew: a
   * writer's cut pays one round trip, the multi), together with {@code alongside(next)}.
   *
   * @return the manifest now stored, {@code base}'s or a fresher one when the change was there
   *     already
   * @throws KeeperException a refusal of one of the {@code alongside} operations (a hold that
   *     exists, say), for the caller to name; nothing was changed
   */
  Versioned update(
      Versioned base, UnaryOperator<Manifest> change, Function<Manifest, List<Op>> alongside)
      throws IOException, KeeperException {
    Versioned current = base;
    for (int conflicts = 0; conflicts < MAX_CONFLICTS; conflicts++) {
      Manifest next = change.apply(current.manifest());
      if (current.exists() && next.equals(current.manifest())) {
        return current;
      }
      List<Op> ops = new ArrayList<>();
      byte[] data = next.encode();
      ops.add(
          current.exists()
              ? Op.setData(where.manifest(), data, current.version())
              : Op.create(
                  where.manifest(), data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
      ops.addAll(alongside.apply(next));
      try {
        List<OpResult> results = session.once(zk -> zk.multi(ops));
        int version =
            current.exists() ? ((OpResult.SetDataResult) results.get(0)).getStat().getVersion() : 0;
        return new Versioned(next, version);
      } catch (KeeperException.ConnectionLossException lost) {
        session.pause();
        if (!session.awaitConnected()) {
          throw session.unreachable(lost);
        }
      } catch (KeeperException refused) {
        if (failedOp(refused) != 0) {
          throw refused;
        }
        Code code = refused.code();
        boolean raced =
            code == Code.BADVERSION
                || code == Code.NODEEXISTS
                || (code == Code.NONODE && current.exists());
        if (!raced) {
          throw session.failure("changing the manifest", refused);
        }
      }
      current = read();
    }
    throw new WalException(
        "the manifest of "
            + where
            + " changed under "
            + MAX_CONFLICTS
            + " attempts in a row to change it");
  }

  /** The index of the operation of a multi that ZooKeeper refused. */
  private static int failedOp(KeeperException refused) {
    List<OpResult> results = refused.getResults();
    if (results != null) {
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i) instanceof OpResult.ErrorResult error
            && error.getErr() != Code.OK.intValue()
            && error.getErr() != Code.RUNTIMEINCONSISTENCY.intValue()) {
          return i;
        }
      }
    }
    return 0;
  }
}
