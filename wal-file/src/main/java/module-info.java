/** jwal's file-segment backend, {@code file}, found by {@link java.util.ServiceLoader}. */
module io.github.jwal.file {
  requires transitive io.github.jwal;
  requires static com.google.auto.service;

  exports io.github.jwal.file;

  provides io.github.jwal.spi.LogStorageProvider with
      io.github.jwal.file.FileStorageProvider;
}
