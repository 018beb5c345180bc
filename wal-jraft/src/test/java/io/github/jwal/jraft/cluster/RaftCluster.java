package io.github.jwal.jraft.cluster;

import com.alipay.sofa.jraft.JRaftServiceFactory;
import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.core.NodeImpl;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.option.NodeOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import com.alipay.sofa.jraft.rpc.RaftRpcServerFactory;
import com.alipay.sofa.jraft.rpc.RpcServer;
import com.alipay.sofa.jraft.rpc.impl.BoltRpcServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A jraft group of a few nodes in this JVM, each on its own loopback port with its own bolt server,
 * directory ({@code log}, {@code meta}, {@code snapshot}) and {@link KvStateMachine}, all on the
 * log storage of one {@link LogBackend}.
 *
 * <p>Timeouts are short (election 300 ms, election delay 300 ms) but every wait has a deadline of
 * many elections. Snapshots are taken only when asked ({@link #snapshot}). The methods are called
 * from the test's thread; {@link #leader()} and {@link #nodes()} may be called from any.
 */
final class RaftCluster implements AutoCloseable {
  static final int ELECTION_TIMEOUT_MS = 300;
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final String group;
  private final Path home;
  private final LogBackend backend;
  private final StorageJournal journal = new StorageJournal();
  private final JRaftServiceFactory factory;
  private final List<PeerId> peers = new ArrayList<>();
  private final Map<PeerId, ClusterNode> running = new ConcurrentHashMap<>();
  private final Set<PeerId> isolated = ConcurrentHashMap.newKeySet();
  private final boolean pipeline;

  /**
   * A group of {@code size} nodes on {@code backend}, none started yet.
   *
   * @param pipeline whether leaders pipeline their appends ({@code
   *     RaftOptions.isReplicatorPipeline()}, jraft's default). Clusters that lose nodes must turn
   *     it off, against a bug of jraft 1.4.1: when a connection closes, {@code
   *     AppendEntriesRequestProcessor.onClosed} holds its map of per-peer contexts locked while it
   *     waits, up to 15 s, for the peer's executor to finish, and that executor's running task
   *     needs the same lock; so does bolt's server I/O thread, which all servers of a JVM share,
   *     and with it stall the RPCs of every node in the JVM (seen as one-way "Invoke timeout"
   *     between two live nodes, and no leader for 15 s, after a third was cut off). Without the
   *     pipeline there are no per-peer contexts; the log storage sees the same calls.
   */
  RaftCluster(
      String group, Path home, int size, LogBackend backend, Random random, boolean pipeline) {
    this.pipeline = pipeline;
    this.group = group;
    this.home = home;
    this.backend = backend;
    this.factory = new JournalingServiceFactory(backend.factory(), journal);
    for (int port : FreePorts.pick(size, random)) {
      peers.add(new PeerId("127.0.0.1", port));
    }
  }

  List<PeerId> peers() {
    return List.copyOf(peers);
  }

  LogBackend backend() {
    return backend;
  }

  StorageJournal journal() {
    return journal;
  }

  Path nodeHome(PeerId peer) {
    return home.resolve(peer.getIp() + "_" + peer.getPort());
  }

  String logUri(PeerId peer) {
    return nodeHome(peer).resolve("log").toString();
  }

  /**
   * Starts {@code peer} from what its directory (and log) hold; the first start bootstraps the
   * group.
   */
  ClusterNode start(PeerId peer) {
    if (running.containsKey(peer)) {
      throw new IllegalStateException(peer + " is running");
    }
    Path dir = nodeHome(peer);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KvStateMachine fsm = new KvStateMachine();
    NodeOptions options = new NodeOptions();
    options.setServiceFactory(factory);
    options.setFsm(fsm);
    options.setInitialConf(new Configuration(peers));
    options.setLogUri(logUri(peer));
    options.setRaftMetaUri(dir.resolve("meta").toString());
    options.setSnapshotUri(dir.resolve("snapshot").toString());
    options.setElectionTimeoutMs(ELECTION_TIMEOUT_MS);
    options.setSnapshotIntervalSecs(0);
    RaftOptions raftOptions = new RaftOptions();
    // The delay is added at random to each election timeout; jraft's default of 1 s makes failovers
    // slow.
    raftOptions.setMaxElectionDelayMs(ELECTION_TIMEOUT_MS);
    raftOptions.setReplicatorPipeline(pipeline);
    options.setRaftOptions(raftOptions);
    options.setSharedElectionTimer(true);
    options.setSharedVoteTimer(true);
    options.setSharedStepDownTimer(true);
    options.setSharedSnapshotTimer(true);
    options.setSharedTimerPool(true);
    options.setRaftRpcThreadPoolSize(4);
    options.setCliRpcThreadPoolSize(1);

    // jraft's own RaftRpcServerFactory.createRaftRpcServer listens on every interface: bind
    // loopback only.
    RpcServer rpcServer =
        new BoltRpcServer(
            new com.alipay.remoting.rpc.RpcServer(peer.getIp(), peer.getPort(), true));
    RaftRpcServerFactory.addRaftRequestProcessors(rpcServer);
    RaftGroupService service = new RaftGroupService(group, peer, options, rpcServer);
    Node node = service.start();
    if (node == null) {
      throw new IllegalStateException(peer + " did not start: see the log");
    }
    ClusterNode started = new ClusterNode(peer, service, node, fsm);
    isolated.remove(peer);
    running.put(peer, started);
    return started;
  }

  void startAll() {
    peers.forEach(this::start);
  }

  /** Shuts {@code peer} down as an operator would: a leader hands over first. */
  void stop(PeerId peer) {
    ClusterNode node = running.remove(peer);
    if (node == null) {
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    node.node().shutdown(status -> stopped.countDown());
    try {
      node.node().join();
      if (!stopped.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(peer + " did not shut down in " + STOP_TIMEOUT);
      }
      node.service().shutdown();
      node.service().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    isolated.remove(peer);
  }

  /**
   * Cuts {@code peer} off: it can neither send nor receive, but runs on, believing what it
   * believed.
   */
  void isolate(PeerId peer) {
    ClusterNode node = running.get(peer);
    isolated.add(peer);
    ((NodeImpl) node.node()).getRpcService().shutdown();
    node.service().getRpcServer().shutdown();
  }

  /**
   * Kills {@code peer} as far as the others can tell: it is cut off at once, so it hands nothing
   * over, and stopped once it has noticed (a cut-off leader that is shut down still tries to hand
   * over, and jraft throws when its closed client refuses).
   */
  void crash(PeerId peer) {
    isolate(peer);
    ClusterNode node = running.get(peer);
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    while (node.node().isLeader() && System.nanoTime() < deadline) {
      sleep(5);
    }
    stop(peer);
  }

  /** Deletes a stopped node's directory and log, as a replaced disk would. */
  void wipe(PeerId peer) {
    if (running.containsKey(peer)) {
      throw new IllegalStateException(peer + " is running");
    }
    Path dir = nodeHome(peer);
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
          Files.delete(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    backend.wipe().accept(logUri(peer));
  }

  ClusterNode node(PeerId peer) {
    return running.get(peer);
  }

  /** The running nodes, in peer order. */
  List<ClusterNode> nodes() {
    Map<PeerId, ClusterNode> ordered = new LinkedHashMap<>();
    for (PeerId peer : peers) {
      ClusterNode node = running.get(peer);
      if (node != null) {
        ordered.put(peer, node);
      }
    }
    return new ArrayList<>(ordered.values());
  }

  /** The leader among the running nodes that are not cut off, or null. */
  ClusterNode leader() {
    for (ClusterNode node : nodes()) {
      if (!isolated.contains(node.peer()) && node.leads()) {
        return node;
      }
    }
    return null;
  }

  /**
   * Waits for a leader; fails, with the cluster's state and a thread dump, if none is elected in
   * {@code timeout}.
   */
  ClusterNode awaitLeader(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      ClusterNode leader = leader();
      if (leader != null) {
        return leader;
      }
      sleep(5);
    }
    throw new AssertionError(
        "no leader in "
            + timeout
            + " (threads in "
            + ThreadDumps.write("no-leader")
            + ")\n"
            + describe());
  }

  /** Asks {@code node} for a snapshot and waits for it; returns jraft's answer. */
  static Status snapshot(ClusterNode node, Duration timeout) {
    CountDownLatch done = new CountDownLatch(1);
    Status[] status = new Status[1];
    node.node()
        .snapshot(
            st -> {
              status[0] = st;
              done.countDown();
            });
    try {
      if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return new Status(-1, "snapshot not done in %s", timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Status(-1, "interrupted");
    }
    return status[0];
  }

  String describe() {
    StringBuilder out = new StringBuilder();
    for (PeerId peer : peers) {
      ClusterNode node = running.get(peer);
      out.append("  ")
          .append(node == null ? peer + " stopped" : node.toString())
          .append(isolated.contains(peer) ? " (isolated)" : "")
          .append('\n');
    }
    return out.toString();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (PeerId peer : peers) {
      stop(peer);
    }
  }
}
