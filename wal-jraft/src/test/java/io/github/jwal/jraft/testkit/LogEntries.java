package io.github.jwal.jraft.testkit;

import com.alipay.sofa.jraft.entity.EnumOutter.EntryType;
import com.alipay.sofa.jraft.entity.LogEntry;
import com.alipay.sofa.jraft.entity.LogId;
import com.alipay.sofa.jraft.entity.PeerId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Builders of jraft log entries for the tests; every entry is a new object the caller may change.
 */
public final class LogEntries {
  private LogEntries() {}

  /** A data entry whose payload is the ASCII of its index: easy to tell apart when a test fails. */
  public static LogEntry data(long index, long term) {
    return data(index, term, Long.toString(index).getBytes(StandardCharsets.US_ASCII));
  }

  /** A data entry with {@code payload} (copied); {@code null} leaves jraft's "no data" default. */
  public static LogEntry data(long index, long term, byte[] payload) {
    LogEntry entry = new LogEntry(EntryType.ENTRY_TYPE_DATA);
    entry.setId(new LogId(index, term));
    if (payload != null) {
      entry.setData(ByteBuffer.wrap(payload.clone()));
    }
    return entry;
  }

  /** A data entry of {@code size} random bytes drawn from {@code random}. */
  public static LogEntry random(long index, long term, int size, Random random) {
    byte[] payload = new byte[size];
    random.nextBytes(payload);
    return data(index, term, payload);
  }

  /** Data entries {@code from .. to} inclusive, each with term {@code term}. */
  public static List<LogEntry> range(long from, long to, long term) {
    List<LogEntry> entries = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      entries.add(data(i, term));
    }
    return entries;
  }

  /**
   * Data entries {@code from .. to} inclusive whose term is their index, as jraft's own tests build
   * them.
   */
  public static List<LogEntry> termIsIndex(long from, long to) {
    List<LogEntry> entries = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      entries.add(data(i, i));
    }
    return entries;
  }

  /** A configuration entry of the given voters, e.g. {@code "127.0.0.1:8081", "127.0.0.1:8082"}. */
  public static LogEntry configuration(long index, long term, String... peers) {
    LogEntry entry = new LogEntry(EntryType.ENTRY_TYPE_CONFIGURATION);
    entry.setId(new LogId(index, term));
    entry.setPeers(peers(peers));
    return entry;
  }

  /** A joint configuration entry: new voters and learners, old voters and learners. */
  public static LogEntry jointConfiguration(
      long index,
      long term,
      String[] peers,
      String[] learners,
      String[] oldPeers,
      String[] oldLearners) {
    LogEntry entry = configuration(index, term, peers);
    entry.setLearners(peers(learners));
    entry.setOldPeers(peers(oldPeers));
    entry.setOldLearners(peers(oldLearners));
    return entry;
  }

  /** Parses {@code ip:port[:idx[:priority]]} strings. */
  public static List<PeerId> peers(String... peers) {
    List<PeerId> list = new ArrayList<>();
    for (String peer : peers) {
      PeerId id = PeerId.parsePeer(peer);
      if (id == null) {
        throw new IllegalArgumentException("not a peer: " + peer);
      }
      list.add(id);
    }
    return list;
  }

  /** The bytes a buffer has left, without moving it. */
  public static byte[] remaining(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  /** A short description for assertion messages: index, term, type and data length. */
  public static String describe(LogEntry entry) {
    if (entry == null) {
      return "null";
    }
    ByteBuffer data = entry.getData();
    return entry.getId()
        + " "
        + entry.getType()
        + " data="
        + (data == null
            ? "null"
            : data.remaining()
                + "B"
                + Arrays.toString(Arrays.copyOf(remaining(data), Math.min(8, data.remaining()))));
  }
}
