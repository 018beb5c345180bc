/**
 * jwal: a write-ahead log on etcd's on-disk format. {@code io.github.jwal} is the API, {@code
 * io.github.jwal.spi} the storage-backend SPI; backends are found with {@link
 * java.util.ServiceLoader}. The engine ({@code io.github.jwal.codec}, the record codec; {@code
 * io.github.jwal.log}, the log's life cycle) is not exported; only the benchmarks (wal-bench) reach
 * into it, on the class path. The layout: docs/architecture.md.
 */
module io.github.jwal {
  requires static transitive org.jspecify;

  exports io.github.jwal;
  exports io.github.jwal.spi;

  uses io.github.jwal.spi.LogStorageProvider;
}
