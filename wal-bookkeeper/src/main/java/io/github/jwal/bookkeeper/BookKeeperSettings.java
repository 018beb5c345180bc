package io.github.jwal.bookkeeper;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.bookkeeper.client.api.DigestType;

/**
 * The backend's properties ({@code WalOptions.withProperty}), parsed and checked. Every key starts
 * with {@code bookkeeper.}; one the backend does not know is refused, so that a typo does not go
 * unnoticed.
 *
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code bookkeeper.ensembleSize}</td><td>3</td><td>bookies a ledger is striped over</td></tr>
 *   <tr><td>{@code bookkeeper.writeQuorumSize}</td><td>3</td><td>bookies each entry is sent to</td></tr>
 *   <tr><td>{@code bookkeeper.ackQuorumSize}</td><td>2</td><td>bookies that must have journaled an
 *       entry before a sync returns</td></tr>
 *   <tr><td>{@code bookkeeper.digestType}</td><td>CRC32C</td><td>CRC32C, CRC32, MAC or DUMMY: how
 *       bookies and readers check entries</td></tr>
 *   <tr><td>{@code bookkeeper.password}</td><td>empty</td><td>the ledgers' password: readers need
 *       the writer's</td></tr>
 *   <tr><td>{@code bookkeeper.ledgersRoot}</td><td>/ledgers</td><td>the cluster's metadata znode on
 *       the location's ensemble</td></tr>
 *   <tr><td>{@code bookkeeper.sessionTimeoutMillis}</td><td>10000</td><td>the ZooKeeper session that
 *       holds the writer's lock: how long a dead writer keeps the log from a successor</td></tr>
 *   <tr><td>{@code bookkeeper.maxEntryBytes}</td><td>1048576</td><td>writes are split into entries of
 *       at most this many bytes (at most 4 MiB: a bookie drops a frame over 5 MiB)</td></tr>
 *   <tr><td>{@code bookkeeper.client.<key>}</td><td></td><td>BookKeeper's own client setting
 *       {@code <key>} ({@code ClientConfiguration}), e.g. {@code bookkeeper.client.addEntryTimeoutSec};
 *       the backend sets {@code delayEnsembleChange=true} unless told otherwise</td></tr>
 * </table>
 */
record BookKeeperSettings(
    int ensembleSize,
    int writeQuorumSize,
    int ackQuorumSize,
    DigestType digestType,
    String password,
    String ledgersRoot,
    int sessionTimeoutMillis,
    int maxEntryBytes,
    SortedMap<String, String> client) {
  static final String PREFIX = BookKeeperStorageProvider.NAME + ".";
  static final String CLIENT_PREFIX = PREFIX + "client.";
  private static final int MAX_ENTRY_BYTES = 4 << 20;
  private static final Set<String> KEYS =
      Set.of(
          "ensembleSize",
          "writeQuorumSize",
          "ackQuorumSize",
          "digestType",
          "password",
          "ledgersRoot",
          "sessionTimeoutMillis",
          "maxEntryBytes");

  /**
   * The settings these properties give; keys outside {@code bookkeeper.} are not this backend's.
   *
   * @throws IllegalArgumentException for an unknown {@code bookkeeper.} key or a bad value, naming
   *     it
   */
  static BookKeeperSettings from(Map<String, String> properties) {
    Map<String, String> own = new TreeMap<>();
    SortedMap<String, String> client = new TreeMap<>();
    for (Map.Entry<String, String> property : properties.entrySet()) {
      String key = property.getKey();
      if (key.startsWith(CLIENT_PREFIX) && key.length() > CLIENT_PREFIX.length()) {
        client.put(key.substring(CLIENT_PREFIX.length()), property.getValue());
      } else if (key.startsWith(PREFIX)) {
        String name = key.substring(PREFIX.length());
        if (!KEYS.contains(name)) {
          throw new IllegalArgumentException(
              "unknown property "
                  + key
                  + "; known: "
                  + KEYS.stream().sorted().map(k -> PREFIX + k).toList()
                  + " and "
                  + CLIENT_PREFIX
                  + "<ClientConfiguration key>");
        }
        own.put(name, property.getValue());
      }
    }
    int ensemble = positive(own, "ensembleSize", 3);
    int write = positive(own, "writeQuorumSize", 3);
    int ack = positive(own, "ackQuorumSize", 2);
    if (ack > write || write > ensemble) {
      throw new IllegalArgumentException(
          "the quorums must satisfy ack <= write <= ensemble: "
              + ack
              + ", "
              + write
              + ", "
              + ensemble);
    }
    String root = own.getOrDefault("ledgersRoot", "/ledgers");
    if (!root.startsWith("/") || root.length() < 2 || root.endsWith("/")) {
      throw new IllegalArgumentException(
          PREFIX + "ledgersRoot must be an absolute znode path: " + root);
    }
    int maxEntry = positive(own, "maxEntryBytes", 1 << 20);
    if (maxEntry > MAX_ENTRY_BYTES) {
      throw new IllegalArgumentException(
          PREFIX + "maxEntryBytes must be at most " + MAX_ENTRY_BYTES + ": " + maxEntry);
    }
    return new BookKeeperSettings(
        ensemble,
        write,
        ack,
        digest(own),
        own.getOrDefault("password", ""),
        root,
        positive(own, "sessionTimeoutMillis", 10_000),
        maxEntry,
        Collections.unmodifiableSortedMap(client));
  }

  byte[] passwordBytes() {
    return password.getBytes(StandardCharsets.UTF_8);
  }

  private static DigestType digest(Map<String, String> own) {
    String name = own.getOrDefault("digestType", "CRC32C");
    try {
      return DigestType.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          PREFIX + "digestType must be one of CRC32C, CRC32, MAC," + " DUMMY: " + name, e);
    }
  }

  private static int positive(Map<String, String> own, String name, int otherwise) {
    String value = own.get(name);
    if (value == null) {
      return otherwise;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below, naming the key
    }
    throw new IllegalArgumentException(PREFIX + name + " must be a positive integer: " + value);
  }

  /** The password and the client settings' values (TLS passwords, say) stay out of messages. */
  @Override
  public String toString() {
    return "BookKeeperSettings[E"
        + ensembleSize
        + " W"
        + writeQuorumSize
        + " A"
        + ackQuorumSize
        + ", "
        + digestType
        + ", ledgers "
        + ledgersRoot
        + ", session "
        + sessionTimeoutMillis
        + " ms, entries <= "
        + maxEntryBytes
        + " bytes, client "
        + client.keySet()
        + "]";
  }
}
