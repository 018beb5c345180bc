package io.github.jwal.bookkeeper;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.bookkeeper.bookie.BookieImpl;
import org.apache.bookkeeper.bookie.BookieResources;
import org.apache.bookkeeper.bookie.LedgerDirsManager;
import org.apache.bookkeeper.bookie.LedgerStorage;
import org.apache.bookkeeper.bookie.LegacyCookieValidation;
import org.apache.bookkeeper.bookie.UncleanShutdownDetectionImpl;
import org.apache.bookkeeper.client.BookKeeperAdmin;
import org.apache.bookkeeper.common.allocator.ByteBufAllocatorWithOomHandler;
import org.apache.bookkeeper.common.allocator.PoolingPolicy;
import org.apache.bookkeeper.conf.ServerConfiguration;
import org.apache.bookkeeper.discover.BookieServiceInfo;
import org.apache.bookkeeper.discover.RegistrationManager;
import org.apache.bookkeeper.meta.LedgerManager;
import org.apache.bookkeeper.meta.LedgerManagerFactory;
import org.apache.bookkeeper.meta.MetadataBookieDriver;
import org.apache.bookkeeper.proto.BookieServer;
import org.apache.bookkeeper.stats.NullStatsLogger;
import org.apache.bookkeeper.util.DiskChecker;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * ZooKeeper (curator-test TestingServer) plus N bookies in this JVM, on 127.0.0.1 only, as
 * BookKeeper's own {@code LocalBookKeeper.LocalBookie} starts them but with directories and ports
 * of our own: each bookie keeps them, so it can be stopped and started again ("killed, then
 * returns"). Bookies journal without fsync unless {@code -Djwal.bookkeeper.journalSync=true}:
 * nobody cuts their power in these tests, and the benchmarks turn it on.
 */
final class LocalCluster implements AutoCloseable {
  public final Path root;
  public final TestingServer zk;
  public final String zkConnect;
  public final String metadataServiceUri;
  private final List<Bookie> bookies = new ArrayList<>();
  private final Consumer<ServerConfiguration> tweak;
  public long zkStartMs;
  public long formatMs;
  public final List<Long> bookieStartMs = new ArrayList<>();

  public static final class Bookie {
    final ServerConfiguration conf;
    MetadataBookieDriver driver;
    RegistrationManager rm;
    LedgerManagerFactory lmf;
    LedgerManager lm;
    BookieServer server;

    Bookie(ServerConfiguration conf) {
      this.conf = conf;
    }

    public int port() {
      return conf.getBookiePort();
    }

    public String id() {
      return "127.0.0.1:" + conf.getBookiePort();
    }

    public boolean running() {
      return server != null && server.isRunning();
    }
  }

  public LocalCluster(int numBookies, int zkTickMs, Consumer<ServerConfiguration> tweak)
      throws Exception {
    this.tweak = tweak;
    this.root = Files.createTempDirectory("jwal-bk-");
    File zkDir = root.resolve("zk").toFile();
    zkDir.mkdirs();
    // port -1 = a free port; tickTime small so that session timeouts (2..20 ticks) are short
    InstanceSpec spec = new InstanceSpec(zkDir, -1, -1, -1, true, -1, zkTickMs, -1);
    long t0 = System.nanoTime();
    this.zk = new TestingServer(spec, true);
    zkStartMs = (System.nanoTime() - t0) / 1_000_000;
    this.zkConnect = "127.0.0.1:" + zk.getPort();
    this.metadataServiceUri = "zk+hierarchical://" + zkConnect + "/ledgers";
    // Create /ledgers, /ledgers/available, /ledgers/INSTANCEID, the layout (what "bookkeeper shell
    // initnewcluster" does).
    ServerConfiguration fmt = newServerConf(0, root.resolve("fmt"));
    t0 = System.nanoTime();
    if (!BookKeeperAdmin.initNewCluster(fmt)) {
      throw new IllegalStateException("initNewCluster returned false");
    }
    formatMs = (System.nanoTime() - t0) / 1_000_000;
    for (int i = 0; i < numBookies; i++) {
      t0 = System.nanoTime();
      addBookie();
      bookieStartMs.add((System.nanoTime() - t0) / 1_000_000);
    }
  }

  static String loopbackInterface() throws IOException {
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nif.isLoopback()) {
        return nif.getName();
      }
    }
    throw new IOException("no loopback interface");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }

  ServerConfiguration newServerConf(int port, Path dir) throws IOException {
    ServerConfiguration c = new ServerConfiguration();
    c.setMetadataServiceUri(metadataServiceUri);
    c.setBookiePort(port);
    // bind and advertise 127.0.0.1 only: the bookie id is then 127.0.0.1:port
    c.setAdvertisedAddress("127.0.0.1");
    c.setListeningInterface(loopbackInterface());
    // An explicit bookie id: without it the cookie check derives candidate ids from the
    // interface's addresses, and "lo" yields "0:0:0:0:0:0:0:1%lo:port", an invalid id.
    c.setBookieId("127.0.0.1:" + port);
    c.setAllowLoopback(true);
    c.setAllowEphemeralPorts(false);
    Path journal = dir.resolve("journal");
    Path ledgers = dir.resolve("ledgers");
    Files.createDirectories(journal);
    Files.createDirectories(ledgers);
    c.setJournalDirName(journal.toString());
    c.setLedgerDirNames(new String[] {ledgers.toString()});
    c.setHttpServerEnabled(false);
    c.setStatisticsEnabled(false);
    c.setZkTimeout(6000);
    c.setZkRetryBackoffMaxRetries(0);
    c.setAllocatorPoolingPolicy(PoolingPolicy.UnpooledHeap);
    c.setDiskUsageThreshold(0.999f);
    c.setDiskUsageWarnThreshold(0.99f);
    c.setJournalFlushWhenQueueEmpty(true); // flush the journal at once when idle: lower latency
    // No test needs a bookie to reclaim the space of deleted ledgers, and each pass of its garbage
    // collector lists every ledger of the cluster in ZooKeeper: thousands once the kit has run.
    c.setGcWaitTime(TimeUnit.HOURS.toMillis(1));
    c.setProperty("dbStorage_writeCacheMaxSizeMb", 4);
    c.setProperty("dbStorage_readAheadCacheMaxSizeMb", 4);
    c.setJournalSyncData(Boolean.getBoolean("jwal.bookkeeper.journalSync"));
    if (tweak != null) {
      tweak.accept(c);
    }
    return c;
  }

  public Bookie addBookie() throws Exception {
    int idx = bookies.size();
    Bookie b = new Bookie(newServerConf(freePort(), root.resolve("bookie" + idx)));
    start(b);
    bookies.add(b);
    return b;
  }

  /** Starts ZooKeeper and {@code bookies} bookies, ZooKeeper ticking every 200 ms. */
  static LocalCluster start(int bookies) throws Exception {
    return new LocalCluster(bookies, 200, null);
  }

  /** The location of a log at {@code path} on this cluster's ZooKeeper. */
  String location(String path) {
    return "bookkeeper://" + zkConnect + path;
  }

  /** Client and session settings that fail fast on loopback. */
  static java.util.Map<String, String> fastProperties() {
    return java.util.Map.of(
        "bookkeeper.sessionTimeoutMillis",
        "4000",
        "bookkeeper.client.zkTimeout",
        "4000",
        "bookkeeper.client.addEntryTimeoutSec",
        "5",
        "bookkeeper.client.readEntryTimeoutSec",
        "5",
        "bookkeeper.client.timeoutMonitorIntervalSec",
        "1",
        "bookkeeper.client.clientConnectTimeoutMillis",
        "2000",
        "bookkeeper.client.numWorkerThreads",
        "1",
        "bookkeeper.client.numIOThreads",
        "1",
        "bookkeeper.client.ensemblePlacementPolicy",
        "org.apache.bookkeeper.client.DefaultEnsemblePlacementPolicy");
  }

  public Bookie bookie(int i) {
    return bookies.get(i);
  }

  public List<Bookie> bookies() {
    return bookies;
  }

  /** What org.apache.bookkeeper.util.LocalBookKeeper.LocalBookie does, with our own dirs/port. */
  public void start(Bookie b) throws Exception {
    ServerConfiguration conf = b.conf;
    b.driver = BookieResources.createMetadataDriver(conf, NullStatsLogger.INSTANCE);
    b.rm = b.driver.createRegistrationManager();
    b.lmf = b.driver.getLedgerManagerFactory();
    b.lm = b.lmf.newLedgerManager();
    ByteBufAllocatorWithOomHandler allocator = BookieResources.createAllocator(conf);
    DiskChecker diskChecker = BookieResources.createDiskChecker(conf);
    LedgerDirsManager ledgerDirs =
        BookieResources.createLedgerDirsManager(conf, diskChecker, NullStatsLogger.INSTANCE);
    LedgerDirsManager indexDirs =
        BookieResources.createIndexDirsManager(
            conf, diskChecker, NullStatsLogger.INSTANCE, ledgerDirs);
    LedgerStorage storage =
        BookieResources.createLedgerStorage(
            conf, b.lm, ledgerDirs, indexDirs, NullStatsLogger.INSTANCE, allocator);
    new LegacyCookieValidation(conf, b.rm).checkCookies(storageDirs(conf));
    BookieImpl bookie =
        new BookieImpl(
            conf,
            b.rm,
            storage,
            diskChecker,
            ledgerDirs,
            indexDirs,
            NullStatsLogger.INSTANCE,
            allocator,
            BookieServiceInfo.NO_INFO);
    b.server =
        new BookieServer(
            conf,
            bookie,
            NullStatsLogger.INSTANCE,
            allocator,
            new UncleanShutdownDetectionImpl(ledgerDirs));
    b.server.start();
  }

  /**
   * The "current" dirs of the journal, ledger and index dirs, as
   * org.apache.bookkeeper.server.Main.storageDirectoriesFromConf gives them; that class needs
   * commons-cli on the class path, so it is not used here.
   */
  static List<File> storageDirs(ServerConfiguration conf) throws IOException {
    List<File> dirs = new ArrayList<>();
    List<File> roots = new ArrayList<>();
    roots.addAll(List.of(conf.getJournalDirs()));
    roots.addAll(List.of(conf.getLedgerDirs()));
    if (conf.getIndexDirs() != null) {
      roots.addAll(List.of(conf.getIndexDirs()));
    }
    for (File r : roots) {
      File cur = BookieImpl.getCurrentDirectory(r);
      if (!dirs.contains(cur)) {
        BookieImpl.checkDirectoryStructure(cur);
        dirs.add(cur);
      }
    }
    return dirs;
  }

  /** Stops a bookie (clean shutdown: its ZK registration goes away at once). Dirs and port stay. */
  public void stop(Bookie b) {
    if (b.server != null) {
      b.server.shutdown();
      b.server = null;
    }
    closeQuietly(b.lm);
    closeQuietly(b.lmf);
    if (b.rm != null) {
      b.rm.close();
    }
    if (b.driver != null) {
      b.driver.close();
    }
    b.lm = null;
    b.lmf = null;
    b.rm = null;
    b.driver = null;
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        // ignore
      }
    }
  }

  @Override
  public void close() throws Exception {
    for (Bookie b : bookies) {
      stop(b);
    }
    zk.close();
    try (var s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
