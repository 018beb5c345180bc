package io.github.jwal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.log.StorageProviders;
import io.github.jwal.memory.InMemoryStorageProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the engine picks a backend: among those that open the location's kind (paths, or a URI
 * scheme), by name, else by the {@code jwal.storage} property, else by priority.
 */
class StorageSelectionTest {
  private static final URI AT_URI = URI.create("uri-memory:///selection/log");

  @AfterEach
  void clearProperty() {
    System.clearProperty(StorageProviders.PROPERTY);
    InMemoryStorageProvider.discard(Path.of("/selection/log"));
  }

  @Test
  void theHighestPriorityProviderOnTheClasspathIsTheDefault() throws Exception {
    assertEquals("memory", StorageProviders.choose(null).name());
  }

  @Test
  void theSystemPropertyNamesTheProviderWhenTheOptionsDoNot() {
    System.setProperty(StorageProviders.PROPERTY, "no-such-backend");
    WalException e = assertThrows(WalException.class, () -> StorageProviders.choose(null));
    assertTrue(e.getMessage().contains("no-such-backend"), e.getMessage());
  }

  @Test
  void anExplicitNameWinsOverTheSystemProperty() throws Exception {
    System.setProperty(StorageProviders.PROPERTY, "no-such-backend");
    assertEquals("memory", StorageProviders.choose("memory").name());
  }

  @Test
  void aMissingProviderIsNamedWithTheOnesFound() {
    WalException e = assertThrows(WalException.class, () -> StorageProviders.choose("file"));
    assertTrue(e.getMessage().matches("(?s).*found: [^.]*\\bmemory\\b.*"), e.getMessage());
  }

  @Test
  void aUriGoesToTheProviderOfItsSchemeWithTheProperties() throws Exception {
    WalOptions options = WalOptions.at(AT_URI).withProperty("uri-memory.flag", "on");
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 0), List.of(Entry.of(1, 1, new byte[] {7})));
    }
    assertEquals(Map.of("uri-memory.flag", "on"), UriMemoryProvider.lastOptions.properties());
    try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
      assertEquals(1, wal.readAll().entries().size());
    }
  }

  @Test
  void aPropertyNamingAProviderOfPathsIsPassedOverForAUri() throws Exception {
    System.setProperty(StorageProviders.PROPERTY, "memory");
    assertEquals(
        UriMemoryProvider.NAME, StorageProviders.choose(null, UriMemoryProvider.NAME).name());
    assertEquals("memory", StorageProviders.choose(null).name());
  }

  @Test
  void anExplicitProviderMustOpenTheLocationsKind() {
    WalException e =
        assertThrows(
            WalException.class, () -> Wal.exists(WalOptions.at(AT_URI).withStorage("memory")));
    assertTrue(e.getMessage().contains("does not open uri-memory: locations"), e.getMessage());
  }

  @Test
  void aSchemeNoProviderOpensIsNamed() {
    WalException e =
        assertThrows(
            WalException.class, () -> Wal.exists(WalOptions.at(URI.create("nowhere://host/log"))));
    assertTrue(e.getMessage().contains("opens nowhere: locations"), e.getMessage());
  }
}
