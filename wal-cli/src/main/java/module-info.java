/**
 * The {@code jwal} command line. picocli reads the commands' annotations, so it is let in. Backends
 * other than files are found as the library finds them, when their jars are on the path.
 */
module io.github.jwal.cli {
  requires io.github.jwal;
  requires io.github.jwal.file;
  requires info.picocli;
  requires java.logging;

  uses io.github.jwal.spi.LogStorageProvider;

  opens io.github.jwal.cli to
      info.picocli;
}
