package io.github.jwal;

import static io.github.jwal.TestLogs.bytes;
import static io.github.jwal.TestLogs.freshOptions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.memory.InMemoryStorageProvider;
import io.github.jwal.spi.SegmentId;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WalCreateTest {
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

  @AfterEach
  void discardVolumes() {
    InMemoryStorageProvider.discardAll();
  }

  // etcd: TestNew
  @Test
  void createWritesEtcdsFirstSegmentByteForByte() throws Exception {
    WalOptions options = freshOptions().withSegmentBytes(4096);
    try (Wal wal = Wal.create(options, bytes("somedata"))) {
      byte[] segment = TestLogs.volume(options).contents(SegmentId.FIRST);
      assertArrayEquals(TEST_NEW_WAL, Arrays.copyOf(segment, TEST_NEW_WAL.length));
      assertTrue(
          allZero(segment, TEST_NEW_WAL.length), "the rest of the segment is preallocated zeros");
      assertEquals(List.of(SegmentId.FIRST), wal.lockedSegments());
    }
  }

  // etcd: TestNewForInitedDir, TestCreateFailFromPollutedDir
  @Test
  void createFailsWhereALogExists() throws Exception {
    WalOptions options = freshOptions();
    Wal.create(options, null).close();
    assertThrows(WalExistsException.class, () -> Wal.create(options, null));
  }

  // etcd: TestReadAllFail
  @Test
  void aCreatedLogHasNothingToReadAll() throws Exception {
    try (Wal wal = Wal.create(freshOptions(), null)) {
      assertThrows(IllegalStateException.class, wal::readAll);
    }
  }

  @Test
  void absentMetadataReadsBackAsNull() throws Exception {
    WalOptions options = freshOptions();
    Wal.create(options, null).close();
    assertNull(TestLogs.readOnly(options, Snapshot.ZERO).metadata());
  }

  @Test
  void emptyMetadataReadsBackAsEmptyNotNull() throws Exception {
    WalOptions options = freshOptions();
    Wal.create(options, new byte[0]).close();
    assertArrayEquals(new byte[0], TestLogs.readOnly(options, Snapshot.ZERO).metadata());
  }

  @Test
  void existsOnlyAfterCreate() throws Exception {
    WalOptions options = freshOptions();
    assertFalse(Wal.exists(options));
    Wal.create(options, null).close();
    assertTrue(Wal.exists(options));
  }

  @Test
  void openingWhereNoLogExistsIsNotFound() {
    assertThrows(WalNotFoundException.class, () -> Wal.open(freshOptions(), Snapshot.ZERO));
  }

  @Test
  void anUnknownStorageNameListsTheProvidersFound() {
    WalException e =
        assertThrows(
            WalException.class,
            () -> Wal.create(freshOptions().withStorage("no-such-backend"), null));
    assertTrue(e.getMessage().contains("memory"), e.getMessage());
  }

  private static boolean allZero(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
