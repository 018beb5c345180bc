package io.github.jwal.jraft;

import com.alipay.sofa.jraft.JRaftServiceFactory;
import com.alipay.sofa.jraft.core.DefaultJRaftServiceFactory;
import com.alipay.sofa.jraft.option.RaftOptions;
import com.alipay.sofa.jraft.storage.LogStorage;
import com.alipay.sofa.jraft.util.SPI;
import io.github.jwal.WalOptions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link JRaftServiceFactory} whose nodes keep their log in jwal; everything else (snapshots,
 * Raft metadata, the entry codec) is jraft's default.
 *
 * <p>jraft's service loader picks the registered factory with the highest {@link SPI#priority()},
 * once per JVM, when {@code NodeOptions} is first used, and shares that one instance among all
 * nodes. This class is registered with priority 1, above jraft's own {@link
 * DefaultJRaftServiceFactory} (0): a strictly higher priority is needed, since on a tie the class
 * path order decides. Being shared, the factory holds no state but its options mapping; each log
 * storage it creates is keyed by its URI.
 *
 * <p>Thread-safe.
 */
@SPI(name = "jwal", priority = 1)
public class WalJRaftServiceFactory extends DefaultJRaftServiceFactory {
  private final Function<Path, WalOptions> options;

  /**
   * The factory jraft's SPI creates: a log on jwal's default backend (the file segments) at the
   * URI.
   */
  public WalJRaftServiceFactory() {
    this(WalOptions::at);
  }

  /**
   * A factory for explicit use through {@code NodeOptions.setServiceFactory}, which chooses the
   * jwal options (backend, segment size) of each node's log from the log's directory.
   *
   * @param options maps the directory named by the node's log URI to the options of its log; called
   *     once per storage created, on the thread that starts the node
   */
  public WalJRaftServiceFactory(Function<Path, WalOptions> options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * A jwal log storage at {@code uri}, a directory path, as jraft passes {@code
   * NodeOptions.getLogUri()}. The log is neither opened nor created here: jraft does that through
   * {@link LogStorage#init}.
   *
   * @throws IllegalArgumentException if {@code uri} is null or blank
   */
  @Override
  public LogStorage createLogStorage(String uri, RaftOptions raftOptions) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("Blank log storage uri");
    }
    return new WalLogStorage(options.apply(Path.of(uri)), raftOptions);
  }
}
