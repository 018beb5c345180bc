package io.github.jwal.jpmstest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.LogStorageProvider;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jwal as a modular application sees it: every jar a named module, the backends found through their
 * {@code provides} clauses (on the module path {@code META-INF/services} is not read), and only the
 * API and the SPI exported. The class-path discovery is tested where the backends live ({@code
 * ProviderTest}, {@code StorageSelectionTest}).
 */
class ModulePathTest {

  @Test
  void theTestsRunOnTheModulePath() {
    assertEquals("io.github.jwal.jpmstest", getClass().getModule().getName());
    for (String name :
        List.of(
            "io.github.jwal",
            "io.github.jwal.faults",
            "io.github.jwal.file",
            "io.github.jwal.memory",
            "io.github.jwal.tck",
            "io.github.jwal.etcd.fixtures")) {
      ModuleDescriptor descriptor =
          ModuleLayer.boot()
              .findModule(name)
              .orElseThrow(() -> new AssertionError(name))
              .getDescriptor();
      assertTrue(!descriptor.isAutomatic(), name + " ships a module-info");
    }
  }

  @Test
  void theServiceLoaderFindsEachBackendInItsModule() {
    Map<String, String> moduleByBackend = new TreeMap<>();
    ServiceLoader.load(LogStorageProvider.class).stream()
        .forEach(p -> moduleByBackend.put(p.get().name(), p.type().getModule().getName()));

    assertEquals(
        Map.of("file", "io.github.jwal.file", "memory", "io.github.jwal.memory"), moduleByBackend);
  }

  @Test
  void eachBackendProvidesTheServiceInItsModuleInfo() {
    for (String name : List.of("io.github.jwal.file", "io.github.jwal.memory")) {
      Set<String> services =
          ModuleLayer.boot().findModule(name).orElseThrow().getDescriptor().provides().stream()
              .map(ModuleDescriptor.Provides::service)
              .collect(Collectors.toSet());
      assertEquals(Set.of(LogStorageProvider.class.getName()), services, name);
    }
  }

  @Test
  void theApiExportsOnlyItsApiAndItsSpi() {
    Set<String> unqualified = new TreeSet<>();
    for (ModuleDescriptor.Exports e : Wal.class.getModule().getDescriptor().exports()) {
      if (!e.isQualified()) {
        unqualified.add(e.source());
      }
    }
    assertEquals(Set.of("io.github.jwal", "io.github.jwal.spi"), unqualified);
  }

  @Test
  void aWalWritesAndReadsBackThroughEachBackend(@TempDir Path dir) throws Exception {
    for (String backend : List.of("file", "memory")) {
      WalOptions options = WalOptions.at(dir.resolve(backend)).withStorage(backend);
      byte[] metadata = backend.getBytes(StandardCharsets.UTF_8);
      try (Wal wal = Wal.create(options, metadata)) {
        wal.save(new HardState(1, 1, 1), List.of(Entry.of(1, 1, metadata)));
      }
      try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
        WalContents contents = wal.readAll();
        assertEquals(1, contents.entries().size(), backend);
        assertEquals(new HardState(1, 1, 1), contents.hardState(), backend);
      }
    }
  }
}
