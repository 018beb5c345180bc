package io.github.jwal.cli;

import io.github.jwal.Entry;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A sofa-jraft {@code LogEntry}, as {@link JRaftEntryDecoder} reads it from jraft's V2 encoding.
 * Index and term are jraft's signed int64s; lists jraft left out are empty.
 *
 * @param data the entry's payload (empty for most {@code NO_OP} and {@code CONFIGURATION} entries),
 *     read-only
 */
record JRaftEntry(
    Type type,
    long term,
    long index,
    List<String> peers,
    List<String> oldPeers,
    List<String> learners,
    List<String> oldLearners,
    ByteBuffer data)
    implements JRaftSlot {

  /** jraft's {@code EntryType}, in the order of its numbers. */
  enum Type {
    UNKNOWN,
    NO_OP,
    DATA,
    CONFIGURATION
  }

  JRaftEntry {
    peers = List.copyOf(peers);
    oldPeers = List.copyOf(oldPeers);
    learners = List.copyOf(learners);
    oldLearners = List.copyOf(oldLearners);
  }

  int dataSize() {
    return data.remaining();
  }

  @Override
  public String text(Entry etcd) {
    StringBuilder text =
        new StringBuilder()
            .append("jraft index ")
            .append(index)
            .append(" term ")
            .append(term)
            .append(' ')
            .append(type)
            .append(", ")
            .append(dataSize())
            .append(" bytes");
    if (dataSize() > 0) {
      text.append(' ').append(DataPreview.remaining(data));
    }
    peers(text, "peers", peers);
    peers(text, "old peers", oldPeers);
    peers(text, "learners", learners);
    peers(text, "old learners", oldLearners);
    return text.toString();
  }

  private static void peers(StringBuilder text, String label, List<String> peers) {
    if (!peers.isEmpty()) {
      text.append(", ").append(label).append(' ').append(String.join(",", peers));
    }
  }

  @Override
  public String json(Entry etcd) {
    return "{\"index\": "
        + index
        + ", \"term\": "
        + term
        + ", \"type\": "
        + Json.string(type.name())
        + ", \"dataSize\": "
        + dataSize()
        + ", \"peers\": "
        + Json.strings(peers)
        + ", \"oldPeers\": "
        + Json.strings(oldPeers)
        + ", \"learners\": "
        + Json.strings(learners)
        + ", \"oldLearners\": "
        + Json.strings(oldLearners)
        + "}";
  }
}
