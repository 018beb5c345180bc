package io.github.jwal.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcknowledgementsTest {
  private static Acknowledgements replay(String... lines) {
    Acknowledgements acks = new Acknowledgements();
    for (String line : lines) {
      acks.apply(line);
    }
    return acks;
  }

  @Test
  void acknowledgedSavesBuildRaftsLogWithItsOverwrites() {
    Acknowledgements acks =
        replay(
            "create",
            "try 1 10 1 1 1 0",
            "ack 1 10 1 1 1 0",
            "try 11 12 1 1 1 8",
            "ack 11 12 1 1 1 8",
            "try 10 11 2 2 1 8",
            "ack 10 11 2 2 1 8");
    assertEquals(11, acks.log().lastIndex());
    assertEquals(1, acks.log().termAt(9));
    assertEquals(2, acks.log().termAt(10));
    assertEquals(new HardState(2, 1, 8), acks.hardState());
    assertNull(acks.inFlight());
    assertEquals(3, acks.acknowledgedSaves());
  }

  @Test
  void aTriedSaveIsInFlightUntilAcknowledged() {
    Acknowledgements acks = replay("create", "try 1 3 1 1 1 0");
    assertEquals(new Save(1, 3, 1, new HardState(1, 1, 0)), acks.inFlight());
    assertEquals(0, acks.log().lastIndex());
  }

  @Test
  void anAcknowledgementOfASaveNeverTriedIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> replay("create", "ack 1 3 1 1 1 0"));
  }

  @Test
  void aResumeMakesTheLogWhatTheWriterReadBack() {
    String resume =
        Acknowledgements.resumeLine(
            Snapshot.of(4, 1),
            new HardState(3, 1, 6),
            List.of(new TermLog.Run(5, 6, 1), new TermLog.Run(7, 9, 3)));
    assertEquals("resume 4 1 3 1 6 5-6:1,7-9:3", resume);
    Acknowledgements acks =
        replay(
            "create", "try 1 8 1 1 1 0", "ack 1 8 1 1 1 0", "snap 4 1", "try 9 9 2 2 1 4", resume);
    assertEquals(9, acks.log().lastIndex());
    assertEquals(3, acks.log().termAt(7));
    assertEquals(new HardState(3, 1, 6), acks.hardState());
    assertEquals(4, acks.snapshotIndex());
    assertNull(acks.inFlight());
  }

  @Test
  void aLastLineCutShortByTheKillIsIgnored(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("acks.log");
    Files.writeString(file, "create\ntry 1 2 1 1 1 0\nack 1 2 1 1 1 0\ntry 3 4 1 1 1 2\nack 3 4");
    Acknowledgements acks = Acknowledgements.read(file);
    assertEquals(2, acks.log().lastIndex());
    assertEquals(new Save(3, 4, 1, new HardState(1, 1, 2)), acks.inFlight());
  }
}
