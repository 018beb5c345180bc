package io.github.jwal.tck.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.faults.FaultPlan;
import io.github.jwal.tck.WriteFault;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CrashableJimfsTest {
  private CrashableJimfs disk;
  private Path dir;

  @BeforeEach
  void durableDirectory() throws IOException {
    disk = CrashableJimfs.create();
    dir = Files.createDirectories(disk.fileSystem().getPath("/data"));
    disk.makeDurable();
  }

  @AfterEach
  void close() throws IOException {
    disk.close();
  }

  private static byte[] bytes(int n, int value) {
    byte[] bytes = new byte[n];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private FileChannel open(Path file) throws IOException {
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private static void write(FileChannel channel, long at, byte[] bytes) throws IOException {
    channel.write(ByteBuffer.wrap(bytes), at);
  }

  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private byte[] afterCrash(FaultPlan plan, long seed, String name) throws IOException {
    FileSystem after = disk.crash(plan, seed);
    Path file = after.getPath("/data", name);
    return Files.exists(file) ? Files.readAllBytes(file) : null;
  }

  @Test
  void syncedBytesSurviveAndUnsyncedOnesAreLost() throws IOException {
    try (FileChannel channel = open(dir.resolve("f"))) {
      write(channel, 0, bytes(100, 1));
      channel.force(false);
      write(channel, 100, bytes(50, 2));
    }
    syncDirectory(dir);
    assertArrayEquals(bytes(100, 1), afterCrash(FaultPlan.loseUnsynced(), 1, "f"));
  }

  @Test
  void keepingUnsyncedKeepsWritesAndDirectoryChanges() throws IOException {
    try (FileChannel channel = open(dir.resolve("f"))) {
      write(channel, 0, bytes(10, 3));
    }
    assertArrayEquals(bytes(10, 3), afterCrash(FaultPlan.keepUnsynced(), 1, "f"));
  }

  @Test
  void aSyncedFileWhoseDirectoryWasNotSyncedVanishes() throws IOException {
    try (FileChannel channel = open(dir.resolve("f"))) {
      write(channel, 0, bytes(10, 3));
      channel.force(true);
    }
    assertEquals(null, afterCrash(FaultPlan.loseUnsynced(), 1, "f"));
  }

  @Test
  void aRenameIsDurableOnlyAfterTheDirectorySync() throws IOException {
    try (FileChannel channel = open(dir.resolve("tmp"))) {
      write(channel, 0, bytes(10, 4));
      channel.force(false);
    }
    syncDirectory(dir);
    Files.move(dir.resolve("tmp"), dir.resolve("final"), StandardCopyOption.ATOMIC_MOVE);
    FileSystem lost = disk.crash(FaultPlan.loseUnsynced(), 1);
    assertTrue(Files.exists(lost.getPath("/data/tmp")));
    assertFalse(Files.exists(lost.getPath("/data/final")));
    Path moved = lost.getPath("/data/final");
    Files.move(lost.getPath("/data/tmp"), moved, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(lost.getPath("/data"));
    assertArrayEquals(bytes(10, 4), afterCrash(FaultPlan.loseUnsynced(), 2, "final"));
  }

  @Test
  void aTearWithOldFillKeepsEachSectorNewOrOldAndIsDeterministic() throws IOException {
    try (FileChannel channel = open(dir.resolve("f"))) {
      write(channel, 0, bytes(4096, 0));
      channel.force(false);
      write(channel, 0, bytes(4096, 7));
    }
    syncDirectory(dir);
    FaultPlan tear =
        FaultPlan.tear(512, FaultPlan.Fill.OLD)
            .withDirectories(FaultPlan.Directories.DROP_UNSYNCED);
    byte[] torn = afterCrash(tear, 42, "f");
    for (int sector = 0; sector < 8; sector++) {
      byte first = torn[sector * 512];
      assertTrue(first == 0 || first == 7, "sector " + sector);
      for (int i = 1; i < 512; i++) {
        assertEquals(first, torn[sector * 512 + i], "a sector tore inside");
      }
    }
    FileSystem again = disk.fileSystem();
    try (FileChannel channel = open(again.getPath("/data/f"))) {
      write(channel, 0, bytes(4096, 0));
      channel.force(false);
      write(channel, 0, bytes(4096, 7));
    }
    assertArrayEquals(torn, afterCrash(tear, 42, "f"), "the same seed tears the same way");
  }

  @Test
  void garbageFillLeavesBytesThatWereNeverWritten() throws IOException {
    try (FileChannel channel = open(dir.resolve("f"))) {
      channel.force(false);
      write(channel, 0, bytes(8192, 5));
    }
    syncDirectory(dir);
    FaultPlan garbage =
        new FaultPlan(
            FaultPlan.Data.LOSE_UNSYNCED,
            4096,
            FaultPlan.Fill.GARBAGE,
            FaultPlan.Directories.DROP_UNSYNCED);
    byte[] after = afterCrash(garbage, 3, "f");
    assertEquals(8192, after.length, "the size reached the disk");
    boolean foreign = false;
    for (byte b : after) {
      foreign |= b != 5 && b != 0;
    }
    assertTrue(foreign, "lost pages read as garbage");
  }

  @Test
  void theFileSystemBeforeACrashIsDead() throws IOException {
    FileChannel channel = open(dir.resolve("f"));
    disk.crash(FaultPlan.loseUnsynced(), 1);
    assertThrows(IOException.class, () -> write(channel, 0, bytes(1, 1)));
    assertThrows(IOException.class, () -> channel.force(true));
    assertThrows(IOException.class, () -> Files.list(dir));
    assertFalse(dir.getFileSystem().isOpen());
    channel.close();
  }

  @Test
  void aFailedSyncMakesNothingDurable() throws IOException {
    try (FileChannel channel = open(dir.resolve("f"))) {
      write(channel, 0, bytes(10, 1));
      channel.force(false);
      syncDirectory(dir);
      disk.failSyncsAfter(0);
      write(channel, 10, bytes(10, 2));
      assertThrows(IOException.class, () -> channel.force(false));
    }
    assertArrayEquals(bytes(10, 1), afterCrash(FaultPlan.loseUnsynced(), 1, "f"));
  }

  @Test
  void aFullDiskRefusesAWriteWhole() throws IOException {
    try (FileChannel channel = open(dir.resolve("f"))) {
      write(channel, 0, bytes(100, 1));
      disk.setCapacity(150);
      assertEquals(50, Files.getFileStore(dir).getUsableSpace());
      assertThrows(IOException.class, () -> write(channel, 100, bytes(51, 2)));
      assertEquals(100, channel.size());
      write(channel, 0, bytes(100, 3));
      disk.setCapacity(Long.MAX_VALUE);
      write(channel, 100, bytes(51, 2));
      assertEquals(151, channel.size());
    }
  }

  @Test
  void aLostWriteIsReadButNeverStored() throws IOException {
    try (FileChannel channel = open(dir.resolve("f"))) {
      write(channel, 0, bytes(10, 1));
      disk.injectWriteFault(WriteFault.LOST);
      write(channel, 10, bytes(10, 2));
      ByteBuffer read = ByteBuffer.allocate(20);
      channel.read(read, 0);
      assertEquals(2, read.get(15), "the page cache has it");
      channel.force(false);
    }
    syncDirectory(dir);
    assertArrayEquals(bytes(10, 1), afterCrash(FaultPlan.loseUnsynced(), 1, "f"));
  }

  @Test
  void aMisdirectedWriteLandsAPageAway() throws IOException {
    try (FileChannel channel = open(dir.resolve("f"))) {
      disk.injectWriteFault(WriteFault.MISDIRECTED);
      write(channel, 0, bytes(10, 6));
      channel.force(false);
    }
    syncDirectory(dir);
    byte[] after = afterCrash(FaultPlan.loseUnsynced(), 1, "f");
    assertEquals(4096 + 10, after.length);
    assertEquals(0, after[0]);
    assertEquals(6, after[4096]);
  }

  @Test
  void unsyncedChangesAreReportedUntilMadeDurable() throws IOException {
    assertFalse(disk.hasUnsynced());
    Files.createDirectory(dir.resolve("sub"));
    assertTrue(disk.hasUnsynced());
    disk.makeDurable();
    assertFalse(disk.hasUnsynced());
  }

  @Test
  void overlappingLocksInThisJvmAreRefusedAsTheJdkRefusesThem() throws IOException {
    try (FileChannel first = open(dir.resolve("f"));
        FileChannel second = open(dir.resolve("f"))) {
      first.tryLock();
      assertThrows(OverlappingFileLockException.class, second::tryLock);
    }
  }
}
