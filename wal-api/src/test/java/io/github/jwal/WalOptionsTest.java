package io.github.jwal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.spi.StorageOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Locations that are paths or URIs, and backend properties that never show their values. */
class WalOptionsTest {
  @Test
  void aPathLocationIsAlsoAFileUri() {
    WalOptions options = WalOptions.at(Path.of("/var/lib/wal"));
    assertTrue(options.isPath());
    assertEquals(Path.of("/var/lib/wal"), options.location());
    assertEquals(Path.of("/var/lib/wal").toUri(), options.uri());
  }

  @Test
  void aFileUriIsAPath() {
    WalOptions options = WalOptions.at(URI.create("file:///var/lib/wal"));
    assertTrue(options.isPath());
    assertEquals(Path.of("/var/lib/wal"), options.location());
  }

  @Test
  void anotherSchemeIsNotAPath() {
    URI uri = URI.create("bookkeeper://zk1:2181,zk2:2181/jwal/orders");
    WalOptions options = WalOptions.at(uri).withSegmentBytes(1024);
    assertFalse(options.isPath());
    assertEquals(uri, options.uri());
    IllegalStateException e = assertThrows(IllegalStateException.class, options::location);
    assertTrue(e.getMessage().contains(uri.toString()), e.getMessage());
  }

  @Test
  void aUriWithoutSchemeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> WalOptions.at(URI.create("/jwal/orders")));
  }

  @Test
  void propertiesAccumulateAndLaterValuesWin() {
    WalOptions options =
        WalOptions.at(Path.of("/wal"))
            .withProperty("x.a", "1")
            .withProperties(Map.of("x.b", "2", "x.a", "3"));
    assertEquals(Map.of("x.a", "3", "x.b", "2"), options.properties());
    assertThrows(UnsupportedOperationException.class, () -> options.properties().put("x.c", "4"));
    assertThrows(IllegalArgumentException.class, () -> options.withProperty("", "1"));
  }

  @Test
  void propertyValuesNeverShowInMessages() {
    WalOptions options = WalOptions.at(Path.of("/wal")).withProperty("bk.password", "s3cret");
    assertFalse(options.toString().contains("s3cret"), options.toString());
    assertTrue(options.toString().contains("bk.password"), options.toString());
    StorageOptions storage = new StorageOptions(10, false, options.properties());
    assertFalse(storage.toString().contains("s3cret"), storage.toString());
    assertEquals("s3cret", storage.properties().get("bk.password"));
  }
}
