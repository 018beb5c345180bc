/** The {@code jwal} command line. picocli reads the commands' annotations, so it is let in. */
module io.github.jwal.cli {
  requires io.github.jwal;
  requires io.github.jwal.file;
  requires info.picocli;
  requires java.logging;

  opens io.github.jwal.cli to
      info.picocli;
}
