package io.github.jwal.file;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import io.github.jwal.spi.SegmentWriter;
import io.github.jwal.spi.StorageOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Opens storages on the default filesystem or Jimfs and closes them after each test. */
abstract class StorageTestBase {
  static final long SEGMENT_BYTES = 64 * 1024;

  /** Where a test's log lives. */
  enum Fs {
    DEFAULT,
    JIMFS
  }

  @TempDir Path tempDir;

  private final List<LogStorage> storages = new ArrayList<>();
  private final List<FileSystem> fileSystems = new ArrayList<>();

  @AfterEach
  void closeAll() throws IOException {
    for (LogStorage storage : storages) {
      storage.close();
    }
    for (FileSystem fs : fileSystems) {
      fs.close();
    }
  }

  /** A directory to put logs in, empty. */
  Path root(Fs fs) throws IOException {
    if (fs == Fs.DEFAULT) {
      return tempDir;
    }
    return root(Configuration.unix());
  }

  Path root(Configuration jimfs) throws IOException {
    FileSystem fs = Jimfs.newFileSystem(jimfs);
    fileSystems.add(fs);
    return Files.createDirectories(fs.getPath("/work"));
  }

  FileLogStorage open(Path dir) throws IOException {
    return open(dir, SEGMENT_BYTES, Preallocation.DEFAULT);
  }

  FileLogStorage open(Path dir, long segmentBytes, Preallocation preallocation) throws IOException {
    return track(
        (FileLogStorage)
            new FileStorageProvider(preallocation)
                .open(dir, new StorageOptions(segmentBytes, false)));
  }

  FileLogStorage open(Path dir, DirectorySync directorySync) {
    return open(dir, new StorageOptions(SEGMENT_BYTES, false), directorySync);
  }

  FileLogStorage open(Path dir, StorageOptions options, DirectorySync directorySync) {
    return track(
        new FileLogStorage(
            dir.toAbsolutePath(),
            options,
            Preallocator.forFileSystem(Preallocation.DEFAULT, dir.getFileSystem()),
            directorySync,
            FileRegistry.PROCESS));
  }

  <T extends LogStorage> T track(T storage) {
    storages.add(storage);
    return storage;
  }

  /** Creates a log holding {@code head} in its first segment, and returns its writer. */
  static SegmentWriter createLog(LogStorage storage, String head) throws IOException {
    SegmentWriter writer = storage.create();
    write(writer, head);
    writer.sync();
    writer.publish(SegmentId.FIRST);
    return writer;
  }

  /** A published segment written directly, as another program (or etcd) would have left it. */
  static Path segmentFile(Path dir, SegmentId id, String content) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(id.fileName()), content);
  }

  static void write(SegmentWriter writer, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    writer.write(bytes, 0, bytes.length);
  }

  static byte[] readAll(LogStorage storage, SegmentId id) throws IOException {
    try (SegmentReader reader = storage.openReader(id)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[777];
      for (int n; (n = reader.read(buffer, 0, buffer.length)) >= 0; ) {
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  /** The bytes before the preallocated zeros. */
  static String text(byte[] bytes) {
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }

  static List<String> names(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static SegmentId id(long seq, long firstIndex) {
    return new SegmentId(seq, firstIndex);
  }
}
