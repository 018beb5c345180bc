package io.github.jwal.jraft.spi;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alipay.sofa.jraft.JRaftServiceFactory;
import com.alipay.sofa.jraft.core.DefaultJRaftServiceFactory;
import com.alipay.sofa.jraft.entity.codec.v2.LogEntryV2CodecFactory;
import com.alipay.sofa.jraft.option.NodeOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import com.alipay.sofa.jraft.storage.impl.LocalRaftMetaStorage;
import com.alipay.sofa.jraft.util.JRaftServiceLoader;
import com.alipay.sofa.jraft.util.SPI;
import io.github.jwal.jraft.WalJRaftServiceFactory;
import io.github.jwal.jraft.WalLogStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar on the class path is all it takes: jraft's own service loader picks {@link
 * WalJRaftServiceFactory} over its default, and every {@code NodeOptions} starts with it. Run
 * without RocksDB on the class path, so loading the factory (and jraft's default, which it extends)
 * needs none.
 */
@Tag("without-rocksdb")
class ServiceFactoryRouteTest {
  @TempDir Path dir;

  @Test
  void everyNodeOptionsStartsWithTheJwalFactory() {
    JRaftServiceFactory chosen = new NodeOptions().getServiceFactory();
    assertInstanceOf(WalJRaftServiceFactory.class, chosen);
    // Chosen once per JVM and shared by every node: the factory must be stateless.
    assertSame(chosen, new NodeOptions().getServiceFactory());
    assertSame(chosen, NodeOptions.defaultServiceFactory);
  }

  @Test
  void itOutranksJraftsDefaultAndIsFoundByName() {
    int jwal = WalJRaftServiceFactory.class.getAnnotation(SPI.class).priority();
    int jraft = DefaultJRaftServiceFactory.class.getAnnotation(SPI.class).priority();
    // On a tie jraft takes whichever services file the class loader lists first.
    assertTrue(jwal > jraft, "priority " + jwal + " over " + jraft);
    assertInstanceOf(
        WalJRaftServiceFactory.class,
        JRaftServiceLoader.load(JRaftServiceFactory.class).find("jwal"));
  }

  @Test
  void onlyTheLogStorageIsJwals() {
    JRaftServiceFactory factory = new WalJRaftServiceFactory();
    RaftOptions raftOptions = new RaftOptions();
    assertInstanceOf(
        WalLogStorage.class, factory.createLogStorage(dir.resolve("log").toString(), raftOptions));
    assertInstanceOf(
        LocalRaftMetaStorage.class,
        factory.createRaftMetaStorage(dir.resolve("meta").toString(), raftOptions));
    assertSame(LogEntryV2CodecFactory.getInstance(), factory.createLogEntryCodecFactory());
  }

  @Test
  void aBlankLogUriIsRefused() {
    JRaftServiceFactory factory = new WalJRaftServiceFactory();
    assertThrows(
        IllegalArgumentException.class, () -> factory.createLogStorage(null, new RaftOptions()));
    assertThrows(
        IllegalArgumentException.class, () -> factory.createLogStorage(" ", new RaftOptions()));
  }
}
