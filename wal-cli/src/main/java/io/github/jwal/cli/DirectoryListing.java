package io.github.jwal.cli;

import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import io.github.jwal.file.FileStorageProvider;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The files of a WAL directory as they are on disk: the segments in sequence order, and the rest
 * (backups a repair kept, a writer's spare segment, anything else but the writers' lock file). The
 * dump lists them whether or not the log reads, so they are taken from the directory itself rather
 * than from a read. A log in another backend lists what the backend publishes: its segments and
 * their sizes, nothing else.
 */
record DirectoryListing(List<SegmentFile> segments, List<OtherFile> others) {
  record SegmentFile(SegmentId id, long size) {
    String name() {
      return id.fileName();
    }
  }

  record OtherFile(String name, long size) {}

  /** The directory's files; none if it does not exist or is not a directory. */
  static DirectoryListing of(Path dir) throws IOException {
    List<SegmentFile> segments = new ArrayList<>();
    List<OtherFile> others = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.equals(FileStorageProvider.WRITER_LOCK_FILE)) {
          continue; // the writers' lock: no data, nothing for an operator to act on
        }
        Optional<SegmentId> id = SegmentId.parse(name);
        long size = Files.isRegularFile(entry) ? Files.size(entry) : 0;
        if (id.isPresent()) {
          segments.add(new SegmentFile(id.get(), size));
        } else {
          others.add(new OtherFile(name, size));
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return new DirectoryListing(List.of(), List.of());
    }
    segments.sort(Comparator.comparing(SegmentFile::id));
    others.sort(Comparator.comparing(OtherFile::name));
    return new DirectoryListing(List.copyOf(segments), List.copyOf(others));
  }

  /**
   * The segments the backend of a non-directory location lists, with the sizes its readers give;
   * none if it cannot list them (the read that follows reports why).
   */
  static DirectoryListing ofBackend(WalOptions options) {
    SortedMap<SegmentId, Long> sizes;
    try {
      sizes = Wal.segmentSizes(options);
    } catch (IOException | IllegalArgumentException unreadable) {
      return new DirectoryListing(List.of(), List.of());
    }
    List<SegmentFile> segments = new ArrayList<>();
    sizes.forEach((id, size) -> segments.add(new SegmentFile(id, size)));
    return new DirectoryListing(List.copyOf(segments), List.of());
  }

  long segmentBytes() {
    return segments.stream().mapToLong(SegmentFile::size).sum();
  }

  /**
   * Whether a sequence number is missing between two segments: a file lost from the middle of the
   * log.
   */
  boolean hasSequenceGap() {
    for (int i = 1; i < segments.size(); i++) {
      if (segments.get(i).id().seq() != segments.get(i - 1).id().seq() + 1) {
        return true;
      }
    }
    return false;
  }

  Optional<SegmentFile> segment(String name) {
    return segments.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
