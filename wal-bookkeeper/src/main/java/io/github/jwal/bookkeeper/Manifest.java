package io.github.jwal.bookkeeper;

import io.github.jwal.WalException;
import io.github.jwal.spi.SegmentId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * What a log holds, as one znode's data: its segments and the backups repairs made, each a list of
 * {@link Extent}s. Immutable; every change is a new manifest, written by compare-and-set on the
 * znode's version. A text an operator can read with {@code zkCli get}:
 *
 * <pre>
 * jwal-bookkeeper-manifest 1
 * segment 0000000000000000-0000000000000000.wal 12:40:65536 57:open
 * backup 0000000000000000-0000000000000000.wal.broken 12:40:65536
 * </pre>
 */
final class Manifest {
  static final Manifest EMPTY = new Manifest(new TreeMap<>(), new TreeMap<>());
  private static final String HEADER = "jwal-bookkeeper-manifest 1";

  private final SortedMap<SegmentId, List<Extent>> segments;
  private final SortedMap<String, List<Extent>> backups;

  private Manifest(
      SortedMap<SegmentId, List<Extent>> segments, SortedMap<String, List<Extent>> backups) {
    this.segments = Collections.unmodifiableSortedMap(segments);
    this.backups = Collections.unmodifiableSortedMap(backups);
  }

  /** The published segments, in {@link SegmentId} order. */
  List<SegmentId> segments() {
    return List.copyOf(segments.keySet());
  }

  Optional<List<Extent>> extents(SegmentId id) {
    return Optional.ofNullable(segments.get(id));
  }

  Optional<List<Extent>> backup(String name) {
    return Optional.ofNullable(backups.get(name));
  }

  /** With segment {@code id} made of {@code extents}, replacing what it was made of. */
  Manifest withSegment(SegmentId id, List<Extent> extents) {
    SortedMap<SegmentId, List<Extent>> changed = new TreeMap<>(segments);
    changed.put(id, List.copyOf(extents));
    return new Manifest(changed, new TreeMap<>(backups));
  }

  Manifest withoutSegment(SegmentId id) {
    SortedMap<SegmentId, List<Extent>> changed = new TreeMap<>(segments);
    changed.remove(id);
    return new Manifest(changed, new TreeMap<>(backups));
  }

  Manifest withBackup(String name, List<Extent> extents) {
    SortedMap<String, List<Extent>> changed = new TreeMap<>(backups);
    changed.put(name, List.copyOf(extents));
    return new Manifest(new TreeMap<>(segments), changed);
  }

  /**
   * The name a new backup of {@code id} gets: {@code <segment>.broken} as etcd names it, or {@code
   * <segment>.broken.N} past the earlier ones, which are kept.
   */
  String nextBackupName(SegmentId id) {
    String name = id.fileName() + ".broken";
    for (int n = 1; backups.containsKey(name); n++) {
      name = id.fileName() + ".broken." + n;
    }
    return name;
  }

  /**
   * With every extent passed through {@code change}: to record what a writer or a recovery learned.
   */
  Manifest mapExtents(UnaryOperator<Extent> change) {
    return new Manifest(map(segments, change), map(backups, change));
  }

  private static <K> SortedMap<K, List<Extent>> map(
      SortedMap<K, List<Extent>> from, UnaryOperator<Extent> change) {
    SortedMap<K, List<Extent>> to = new TreeMap<>(from.comparator());
    from.forEach((key, extents) -> to.put(key, extents.stream().map(change).toList()));
    return to;
  }

  /** The extents still open, of segments and backups. */
  List<Extent> openExtents() {
    List<Extent> open = new ArrayList<>();
    segments
        .values()
        .forEach(extents -> extents.stream().filter(Extent::isOpen).forEach(open::add));
    backups.values().forEach(extents -> extents.stream().filter(Extent::isOpen).forEach(open::add));
    return open;
  }

  /** Every ledger a segment or a backup uses: those a purge must not delete. */
  Set<Long> ledgers() {
    Set<Long> used = new HashSet<>();
    segments.values().forEach(extents -> extents.forEach(e -> used.add(e.ledgerId())));
    backups.values().forEach(extents -> extents.forEach(e -> used.add(e.ledgerId())));
    return used;
  }

  byte[] encode() {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    segments.forEach((id, extents) -> line(text, "segment", id.fileName(), extents));
    backups.forEach((name, extents) -> line(text, "backup", name, extents));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void line(StringBuilder text, String kind, String name, List<Extent> extents) {
    text.append(kind).append(' ').append(name);
    extents.forEach(extent -> text.append(' ').append(extent));
    text.append('\n');
  }

  /**
   * The manifest {@link #encode()} wrote.
   *
   * @throws WalException naming {@code where} if the data is not a manifest
   */
  static Manifest decode(byte[] data, String where) throws WalException {
    String[] lines = new String(data, StandardCharsets.UTF_8).split("\n");
    if (!lines[0].equals(HEADER)) {
      throw new WalException(
          where
              + " is not a jwal manifest (it begins with \""
              + lines[0].substring(0, Math.min(40, lines[0].length()))
              + "\")");
    }
    SortedMap<SegmentId, List<Extent>> segments = new TreeMap<>();
    SortedMap<String, List<Extent>> backups = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] words = lines[i].split(" ");
      try {
        List<Extent> extents = new ArrayList<>();
        for (int w = 2; w < words.length; w++) {
          extents.add(Extent.parse(words[w]));
        }
        if (words[0].equals("segment") && words.length >= 2) {
          segments.put(
              SegmentId.parse(words[1])
                  .orElseThrow(
                      () -> new IllegalArgumentException("not a segment name: " + words[1])),
              extents);
        } else if (words[0].equals("backup") && words.length >= 2) {
          backups.put(words[1], extents);
        } else {
          throw new IllegalArgumentException("unknown line");
        }
      } catch (RuntimeException e) {
        throw new WalException(
            where + " line " + (i + 1) + " is damaged: \"" + lines[i] + "\": " + e.getMessage(), e);
      }
    }
    return new Manifest(segments, backups);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Manifest that
        && segments.equals(that.segments)
        && backups.equals(that.backups);
  }

  @Override
  public int hashCode() {
    return segments.hashCode() * 31 + backups.hashCode();
  }

  @Override
  public String toString() {
    return new String(encode(), StandardCharsets.UTF_8);
  }
}
