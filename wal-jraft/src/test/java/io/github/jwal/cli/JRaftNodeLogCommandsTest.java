package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alipay.sofa.jraft.conf.ConfigurationManager;
import com.alipay.sofa.jraft.entity.EnumOutter.EntryType;
import com.alipay.sofa.jraft.entity.LogEntry;
import com.alipay.sofa.jraft.entity.LogId;
import com.alipay.sofa.jraft.entity.codec.LogEntryCodecFactory;
import com.alipay.sofa.jraft.entity.codec.v1.LogEntryV1CodecFactory;
import com.alipay.sofa.jraft.entity.codec.v2.LogEntryV2CodecFactory;
import com.alipay.sofa.jraft.option.LogStorageOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import com.alipay.sofa.jraft.storage.LogStorage;
import io.github.jwal.jraft.WalJRaftServiceFactory;
import io.github.jwal.jraft.testkit.LogEntries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jwal dump} and {@code jwal verify}, run in process as the jar runs them, on a log that
 * wal-jraft's {@code WalLogStorage} wrote from entries jraft's own V2 encoder encoded. In wal-cli's
 * package, for its command line as {@code main} builds it. Without RocksDB: neither needs it.
 */
@Tag("without-rocksdb")
class JRaftNodeLogCommandsTest {
  private static final String[] PEERS = {"127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083"};
  private static final String[] LEARNERS = {"127.0.0.1:8090"};
  private static final String[] OLD_PEERS = {"127.0.0.1:8081", "127.0.0.1:8082"};

  /** Index 0 with a priority, which jraft writes with an empty index: 127.0.0.1:8091::5. */
  private static final String[] OLD_LEARNERS = {"127.0.0.1:8091:0:5"};

  @TempDir static Path dir;

  private static Path log;

  private record Run(int exitCode, String out, String err) {}

  /**
   * jraft 1..3: a joint configuration, data, a no-op; 4 and 5 holes, then data at 6 with a
   * checksum.
   */
  @BeforeAll
  static void writeTheLog() {
    log = dir.resolve("log");
    LogStorage storage = open(log);
    try {
      LogEntry noOp = new LogEntry(EntryType.ENTRY_TYPE_NO_OP);
      noOp.setId(new LogId(3, 2));
      List<LogEntry> first =
          List.of(
              LogEntries.jointConfiguration(1, 1, PEERS, LEARNERS, OLD_PEERS, OLD_LEARNERS),
              LogEntries.data(2, 1, "hello".getBytes(StandardCharsets.US_ASCII)),
              noOp);
      assertEquals(3, storage.appendEntries(first));
      LogEntry checked = LogEntries.data(6, 2, new byte[300]);
      checked.setChecksum(checked.checksum());
      assertTrue(storage.appendEntry(checked));
    } finally {
      storage.shutdown();
    }
  }

  /** After a jraft snapshot: the log now starts at the index jraft kept. */
  @Test
  void verifyReadsALogWhosePrefixJRaftTruncated(@TempDir Path other) {
    Path truncated = other.resolve("log");
    LogStorage storage = open(truncated);
    try {
      assertEquals(5, storage.appendEntries(LogEntries.range(1, 5, 1)));
      assertTrue(storage.truncatePrefix(4));
    } finally {
      storage.shutdown();
    }
    Run run = jwal("verify", truncated);
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("; 2 jraft entries (2 DATA), 0 holes"), run::toString);
    Run stats = jwal("stats", truncated);
    assertEquals(0, stats.exitCode(), stats::toString);
    assertTrue(stats.out().contains("chain ok"), stats::toString);
  }

  /** A node whose service factory picks another codec: its log is not taken for V2's. */
  @Test
  void aLogOfAnotherCodecIsNotReadAsJRaftEntries(@TempDir Path other) {
    Path v1 = other.resolve("log");
    LogStorage storage = open(v1, LogEntryV1CodecFactory.getInstance());
    try {
      assertEquals(2, storage.appendEntries(LogEntries.range(1, 2, 1)));
    } finally {
      storage.shutdown();
    }
    Run run = jwal("verify", v1);
    assertEquals(0, run.exitCode(), run::toString);
    assertFalse(run.out().contains("jraft"), run::toString);
    assertFalse(dump(v1, "text").contains("jraft index"));
  }

  private static LogStorage open(Path path) {
    return open(path, LogEntryV2CodecFactory.getInstance());
  }

  private static LogStorage open(Path path, LogEntryCodecFactory codec) {
    LogStorage storage =
        new WalJRaftServiceFactory().createLogStorage(path.toString(), new RaftOptions());
    LogStorageOptions options = new LogStorageOptions();
    options.setGroupId("cli");
    options.setConfigurationManager(new ConfigurationManager());
    options.setLogEntryCodecFactory(codec);
    assertTrue(storage.init(options));
    return storage;
  }

  private static Run jwal(Object... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] strings = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      strings[i] = args[i].toString();
    }
    int code = Jwal.execute(new PrintWriter(out, true), new PrintWriter(err, true), strings);
    return new Run(code, out.toString().replaceAll(" +", " "), err.toString());
  }

  private static String dump(String format) {
    return dump(log, format);
  }

  private static String dump(Path path, String format) {
    Run run = jwal("dump", "--format", format, path);
    assertEquals(0, run.exitCode(), run::toString);
    return run.out();
  }

  @Test
  void dumpShowsAConfigurationsTypePeersOldPeersAndLearners() {
    String out = dump("text");
    assertTrue(
        out.contains(
            "jraft index 1 term 1 CONFIGURATION, 0 bytes,"
                + " peers 127.0.0.1:8081,127.0.0.1:8082,127.0.0.1:8083,"
                + " old peers 127.0.0.1:8081,127.0.0.1:8082, learners 127.0.0.1:8090,"
                + " old learners 127.0.0.1:8091::5"),
        out);
  }

  @Test
  void dumpShowsADataEntrysTypeAndDataSize() {
    String out = dump("text");
    assertTrue(out.contains("jraft index 2 term 1 DATA, 5 bytes \"hello\""), out);
    assertTrue(out.contains("jraft index 6 term 2 DATA, 300 bytes 00 00"), out);
  }

  @Test
  void dumpShowsANoOpWithoutData() {
    String out = dump("text");
    assertTrue(out.contains("2 4 normal 14 jraft index 3 term 2 NO_OP, 0 bytes"), out);
  }

  @Test
  void dumpShowsTheGapAnAppendLeftAsHoles() {
    String out = dump("text");
    assertTrue(out.contains("2 5 normal - jraft index 4: hole, no entry"), out);
    assertTrue(out.contains("2 6 normal - jraft index 5: hole, no entry"), out);
  }

  @Test
  void dumpsJsonAddsTheJRaftFields() {
    String out = dump("json");
    assertTrue(
        out.contains(
            "\"jraft\": {\"index\": 1, \"term\": 1, \"type\": \"CONFIGURATION\", \"dataSize\": 0,"
                + " \"peers\": [\"127.0.0.1:8081\", \"127.0.0.1:8082\", \"127.0.0.1:8083\"],"
                + " \"oldPeers\": [\"127.0.0.1:8081\", \"127.0.0.1:8082\"],"
                + " \"learners\": [\"127.0.0.1:8090\"], \"oldLearners\": [\"127.0.0.1:8091::5\"]}"),
        out);
    assertTrue(
        out.contains("\"jraft\": {\"index\": 2, \"term\": 1, \"type\": \"DATA\", \"dataSize\": 5,"),
        out);
    assertTrue(out.contains("\"jraft\": {\"index\": 4, \"hole\": true}"), out);
  }

  @Test
  void verifyPassesAndSaysHowManyJRaftEntriesItChecked() {
    Run run = jwal("verify", log);
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(
        run.out()
            .contains(
                "CRC chain intact; 4 jraft entries (1 NO_OP, 2 DATA, 1 CONFIGURATION), 2 holes,"
                    + " each at its own index and term; read from the latest snapshot record,"
                    + " index 1 term 0, where a writer opens the log"),
        run::toString);
  }
}
