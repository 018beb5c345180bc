package io.github.jwal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.log.StorageProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the engine picks a backend: by name, else by the {@code jwal.storage} property, else by priority. */
class StorageSelectionTest {
  @AfterEach
  void clearProperty() {
    System.clearProperty(StorageProviders.PROPERTY);
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
    assertTrue(e.getMessage().contains("found: memory"), e.getMessage());
  }
}
