package io.github.jwal.cli;

import io.github.jwal.WalOptions;
import io.github.jwal.file.FileStorageProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a log with fsync across several segments, tears its tail as a power cut during a"
          + " write would, then recovers: the torn tail is detected, cut (keeping a backup) and"
          + " every acknowledged entry is checked byte for byte.",
      "Uses a temporary directory, deleted at the end, unless --dir is given."
    })
final class DemoCommand implements Callable<Integer> {
  /**
   * An upper bound on a frame's bytes beyond its entry's payload: length word, record and entry
   * fields, padding.
   */
  private static final int FRAME_OVERHEAD = 64;

  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "D",
      description =
          "Create the log in D and keep it (D must not hold files yet); try 'jwal dump D'"
              + " afterwards. Default: a temporary directory, deleted at the end.")
  Path dir;

  @Option(
      names = "--entries",
      defaultValue = "12000",
      paramLabel = "N",
      description = "Entries to write before the power cut (default ${DEFAULT-VALUE}).")
  int entries;

  @Option(
      names = "--entry-bytes",
      defaultValue = "500",
      paramLabel = "B",
      description = "Payload bytes per entry (default ${DEFAULT-VALUE}).")
  int entryBytes;

  @Option(
      names = "--batch",
      defaultValue = "10",
      paramLabel = "K",
      description = "Entries per save; every save is one fsync (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--segment-bytes",
      defaultValue = "1048576",
      paramLabel = "S",
      description =
          "Segment size, at which the log cuts a new segment (default ${DEFAULT-VALUE}:"
              + " 1 MiB, so that cuts come quickly; etcd's is 64 MB).")
  long segmentBytes;

  @Override
  public Integer call() throws IOException {
    checkOptions();
    PrintWriter out = spec.commandLine().getOut();
    Path temporary = dir == null ? Files.createTempDirectory("jwal-demo-") : null;
    Path location = dir != null ? dir : temporary.resolve("wal");
    try {
      WalOptions options =
          WalOptions.at(location)
              .withStorage(FileStorageProvider.NAME)
              .withSegmentBytes(segmentBytes);
      out.println("jwal demo: a write-ahead log, a power cut, and recovery");
      out.println(
          "log directory: "
              + location
              + (temporary != null ? " (temporary, deleted at the end)" : ""));
      out.println();
      int code =
          new DemoRun(out, spec.commandLine().getErr(), options, entries, entryBytes, batch).run();
      if (temporary == null && code != ExitCodes.UNUSABLE) {
        out.println();
        out.println("the log is kept in " + location + ": try 'jwal dump " + location + "'");
      }
      return code;
    } finally {
      if (temporary != null) {
        deleteTree(temporary);
        out.println();
        out.println("deleted " + temporary);
      }
      out.flush();
    }
  }

  private void checkOptions() {
    if (entries < 1 || entryBytes < 1 || batch < 1) {
      throw new ParameterException(
          spec.commandLine(), "--entries, --entry-bytes and --batch must be at least 1");
    }
    if (entryBytes > (1 << 20)) {
      throw new ParameterException(spec.commandLine(), "--entry-bytes is at most 1048576");
    }
    // The torn save must fit in the segment it starts in, after a cut at the latest: if a single
    // save
    // could fill a segment, every save would cut and none could be torn in the last segment.
    long save = (long) batch * (entryBytes + FRAME_OVERHEAD) + FRAME_OVERHEAD;
    if (save * 2 > segmentBytes) {
      throw new ParameterException(
          spec.commandLine(),
          "a save of --batch "
              + batch
              + " entries of "
              + entryBytes
              + " bytes needs --segment-bytes of at least "
              + save * 2);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
