package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalExistsException;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Wal#create} on real files and on Jimfs: etcd's TestNew, TestCreateFailFromPollutedDir,
 * TestCreateFailFromNoSpaceLeft, TestNewForInitedDir and TestRestartCreateWal (wal_test.go).
 */
class WalCreateFileTest extends WalFileTestBase {
  /** etcd's testdata/TestNew.wal, which its TestNew pins: Create(dir, "somedata"). */
  private static final byte[] TEST_NEW_WAL =
      HexFormat.of()
          .parseHex(
              "0400000000000084"
                  + "0804100000000000"
                  + "1200000000000086"
                  + "08011085d4fda007"
                  + "1a08736f6d6564617461"
                  + "000000000000"
                  + "0e00000000000082"
                  + "08051080db81c101"
                  + "1a04080010000000");

  // etcd: TestNew
  @ParameterizedTest
  @EnumSource(Fs.class)
  void createWritesEtcdsTestNewBytesIntoAPreallocatedFirstSegment(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");

    create(options(dir), bytes("somedata"));

    byte[] segment = Files.readAllBytes(segmentPath(dir, SegmentId.FIRST));
    assertArrayEquals(TEST_NEW_WAL, Arrays.copyOf(segment, TEST_NEW_WAL.length));
    assertEquals(SEGMENT_BYTES, segment.length, "preallocated to the segment size");
    assertTrue(allZero(segment, TEST_NEW_WAL.length), "zeros after the records");
    assertEquals(List.of("wal"), names(dir.getParent()), "no staging directory is left");
  }

  // etcd: TestCreateFailFromPollutedDir
  @ParameterizedTest
  @EnumSource(Fs.class)
  void createRefusesADirectoryHoldingAnyWalFile(Fs fs) throws IOException {
    Path dir = Files.createDirectories(root(fs).resolve("wal"));
    Files.writeString(dir.resolve("test.wal"), "data");

    assertThrows(WalExistsException.class, () -> Wal.create(options(dir), bytes("data")));

    assertEquals(List.of("test.wal"), names(dir));
    assertEquals("data", Files.readString(dir.resolve("test.wal")));
  }

  // etcd: TestCreateFailFromNoSpaceLeft
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aSegmentTooBigForTheDiskFailsCreateAndLeavesNothingBehind(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");

    IOException e =
        assertThrows(
            IOException.class,
            () -> Wal.create(options(dir).withSegmentBytes(Long.MAX_VALUE), bytes("data")));

    assertTrue(e.getMessage().contains("preallocate"), e.getMessage());
    assertEquals(List.of(), names(dir.getParent()));
    create(options(dir), bytes("data")).close();
    assertArrayEquals(bytes("data"), readOnly(options(dir), Snapshot.ZERO).metadata());
  }

  // etcd: TestNewForInitedDir
  @ParameterizedTest
  @EnumSource(Fs.class)
  void createRefusesADirectoryWithAFirstSegment(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    segmentFile(dir, SegmentId.FIRST, "");

    assertThrows(WalExistsException.class, () -> Wal.create(options(dir), null));

    assertEquals(0, Files.size(segmentPath(dir, SegmentId.FIRST)));
  }

  // etcd: TestRestartCreateWal
  @ParameterizedTest
  @EnumSource(Fs.class)
  void createRemovesAStaleTmpDirectoryLeftByACrashedCreate(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    Path stale = Files.createDirectories(dir.resolveSibling("wal.tmp"));
    Files.writeString(stale.resolve("test"), "left by a crash");
    WalOptions options = options(dir);

    create(options, bytes("abc")).close();

    assertFalse(Files.exists(stale));
    assertEquals(List.of("wal"), names(dir.getParent()));
    assertArrayEquals(bytes("abc"), readOnly(options, Snapshot.ZERO).metadata());
  }
}
