package io.github.jwal.bookkeeper;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.DigestType;
import org.apache.bookkeeper.client.api.WriteHandle;
import org.apache.bookkeeper.conf.ClientConfiguration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A synced jwal save on the BookKeeper backend against its floor: BookKeeper's own synchronous add
 * of the same bytes per call, with the same quorums (E3 W3 A2), on the same in-process cluster of
 * three bookies that journal with fsync, in the same run. Run by {@code
 * scripts/bookkeeper-bench.sh}; results in docs/PERFORMANCE.md.
 *
 * <p>{@code shape} is {@code <entry bytes>x<entries per save>}. The floor's add carries the bytes
 * jwal's save sends: the entries' data plus etcd's framing (an 8-byte length, the record's type and
 * CRC, the entry's term, index and type) and the hard state's record, measured once in setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens",
      "java.base/java.io=ALL-UNNAMED",
      "-Djwal.bookkeeper.journalSync=true",
      "-Dzookeeper.forceSync=no"
    })
public class SaveVsAddEntryBenchmark {
  @Param({"100x1", "1024x10", "16384x10"})
  public String shape;

  private LocalCluster cluster;
  private Wal wal;
  private BookKeeper client;
  private WriteHandle ledger;
  private List<Entry> batch;
  private byte[] sameBytes;
  private long index;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String[] parts = shape.split("x");
    int bytes = Integer.parseInt(parts[0]);
    int count = Integer.parseInt(parts[1]);
    cluster = LocalCluster.start(3);
    WalOptions options =
        WalOptions.at(URI.create(cluster.location("/bench/log")))
            .withProperties(LocalCluster.fastProperties())
            .withSegmentBytes(64L << 20);
    wal = Wal.create(options, null);
    batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(Entry.of(1, i + 1, new byte[bytes]));
    }
    long before = tailPosition(options);
    save();
    sameBytes = new byte[(int) (tailPosition(options) - before)];

    ClientConfiguration conf = new ClientConfiguration();
    conf.setMetadataServiceUri(cluster.metadataServiceUri);
    conf.setDelayEnsembleChange(true);
    conf.setEnsemblePlacementPolicy(
        org.apache.bookkeeper.client.DefaultEnsemblePlacementPolicy.class);
    conf.setNumWorkerThreads(1);
    conf.setNumIOThreads(1);
    client = BookKeeper.newBuilder(conf).build();
    ledger =
        client
            .newCreateLedgerOp()
            .withEnsembleSize(3)
            .withWriteQuorumSize(3)
            .withAckQuorumSize(2)
            .withDigestType(DigestType.CRC32C)
            .withPassword(new byte[0])
            .execute()
            .get();
  }

  /** Bytes written to the log's tail segment so far, from its live writer. */
  private static long tailPosition(WalOptions options) throws Exception {
    BookKeeperLogStorage storage =
        BookKeeperLogStorage.live(options.uri().toString()).iterator().next();
    return storage.writtenBytes();
  }

  private void save() throws Exception {
    List<Entry> entries = new ArrayList<>(batch.size());
    for (Entry e : batch) {
      entries.add(Entry.of(1, ++index, e.data()));
    }
    wal.save(new HardState(1, 1, index), entries);
  }

  @Benchmark
  public void jwalSave() throws Exception {
    save();
  }

  @Benchmark
  public long bookKeeperAddEntry() throws Exception {
    return ledger.append(sameBytes);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    System.out.println("\n[bytes per call: " + sameBytes.length + "]");
    wal.close();
    ledger.close();
    client.close();
    cluster.close();
  }
}
