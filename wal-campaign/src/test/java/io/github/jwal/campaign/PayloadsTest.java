package io.github.jwal.campaign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PayloadsTest {
  @Test
  void theSameEntryHasTheSamePayloadEveryTime() {
    assertArrayEquals(Payloads.of(7, 12, 3), Payloads.of(7, 12, 3));
  }

  @Test
  void anotherSeedIndexOrTermHasAnotherPayload() {
    byte[] payload = Payloads.of(7, 12, 3);
    assertFalse(Arrays.equals(payload, Payloads.of(8, 12, 3)));
    assertFalse(Arrays.equals(payload, Payloads.of(7, 13, 3)));
    assertFalse(Arrays.equals(payload, Payloads.of(7, 12, 4)));
  }

  @Test
  void sizesSpanTenBytesToSixtyFourKibibytes() {
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (long i = 1; i <= 5000; i++) {
      int size = Payloads.of(1, i, 1).length;
      min = Math.min(min, size);
      max = Math.max(max, size);
    }
    assertTrue(min >= Payloads.MIN_BYTES && min < 20, "smallest " + min);
    assertTrue(max <= Payloads.MAX_BYTES && max > 60_000, "largest " + max);
  }
}
