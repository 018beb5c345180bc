package io.github.jwal.codec;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jwal.WalCorruptException;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.testing.FrameOracle;
import io.github.jwal.testing.Hex;
import io.github.jwal.testing.LogBuilder;
import io.github.jwal.testing.MemorySegments;
import io.github.jwal.testing.Seeds;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 2: the decoder on hostile input. A seeded generator makes random bytes, and valid logs that
 * are truncated, bit-flipped, overwritten, zeroed, or given absurd length words or malformed
 * envelopes. Whatever the input, reading yields records and then either a clean end or a {@link
 * WalCorruptException}; never another exception, never an allocation larger than the input, never a
 * hang. Where the input is a damaged valid log, every record before the damage still comes back,
 * and the damage is reported at or after it.
 *
 * <p>{@code -Djwal.seed=…} replays a run; {@code -Djwal.hostile.inputs=…} changes how many inputs.
 */
class HostileInputTest {
  private static final int INPUTS = Integer.getInteger("jwal.hostile.inputs", 100_000);

  /** The reader's own buffers (1 MiB read buffer, a 64 KiB scan window) with room to spare. */
  private static final long FIXED_ALLOCATION_BYTES = 2L << 20;

  private static final long[] HOSTILE_LENGTH_WORDS = {
    0x00FF_FFFF_FFFF_FFFFL,
    1L << 31,
    (1L << 31) - 1,
    1L << 32,
    1L << 40,
    1L << 55,
    Integer.MAX_VALUE - 16L,
    Integer.MAX_VALUE - 15L,
    (1L << 20) + 1,
    1L << 20,
    (1L << 20) - 8,
    0x8700_0000_0000_0001L,
    0x87FF_FFFF_FFFF_FFFFL,
    0x80FF_FFFF_FFFF_FFFFL,
    0xFFFF_FFFF_FFFF_FFFFL,
    Long.MIN_VALUE,
    0x8000_0000_0000_0008L,
    0x8100_0000_8000_0007L,
    0x7F00_0000_0000_0010L,
    0x0100_0000_0000_0000L,
    13_563_782_407_139_376L, // etcd #14098
  };

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void readerYieldsOnlyRecordsOrCorruptionOnHostileInput() {
    assertTrue(
        threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
        "this JVM cannot count a thread's allocations");
    long seed = Seeds.seed();
    AtomicLong current = new AtomicLong(-1);
    Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
    int[] large = new int[1];
    assertTimeoutPreemptively(
        Duration.ofMinutes(4),
        () -> {
          for (int i = 0; i < INPUTS; i++) {
            current.set(i);
            Input input = check(seed, i);
            kinds.merge(input.kind, 1, Integer::sum);
            large[0] += input.large ? 1 : 0;
          }
        },
        () -> "a decode did not finish: " + Seeds.replay(seed, current.get()));
    // The run only proves something if the generator made every kind of input.
    for (Kind kind : Kind.values()) {
      assertTrue(
          kinds.getOrDefault(kind, 0) >= INPUTS / 50,
          kind + " made " + kinds.getOrDefault(kind, 0) + " times");
    }
    assertTrue(
        large[0] >= INPUTS / 5000,
        "records larger than the read buffer made " + large[0] + " times");
  }

  private Input check(long seed, int index) {
    Input input = generate(new SplittableRandom(Seeds.caseSeed(seed, index)));
    String where = Seeds.replay(seed, index) + ", " + input.describe();
    List<long[]> records = new ArrayList<>(); // {segment index, offset}
    WalCorruptException damage = null;
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    try (RecordReader reader = new RecordReader(input.segments, input.segments.ids())) {
      long cap = input.totalBytes() / 9 + 1; // every frame takes at least 9 bytes
      try {
        while (reader.next()) {
          if (records.size() >= cap) {
            fail("more records than the input can hold: " + where);
          }
          int off = reader.dataOffset();
          int len = reader.dataLength();
          if (len < 0 || off < 0 || off > reader.dataArray().length - len) {
            fail(
                "record data ["
                    + off
                    + ", +"
                    + len
                    + ") outside its array of "
                    + reader.dataArray().length
                    + ": "
                    + where);
          }
          records.add(
              new long[] {input.segments.ids().indexOf(reader.segment()), reader.recordOffset()});
        }
      } catch (WalCorruptException e) {
        damage = e;
      }
    } catch (Throwable t) {
      throw new AssertionError("unexpected " + t + ": " + where, t);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    long allowed = FIXED_ALLOCATION_BYTES + 2 * input.totalBytes();
    if (allocated > allowed) {
      fail(
          "allocated " + allocated + " bytes for an input of " + input.totalBytes() + ": " + where);
    }
    if (damage != null) {
      checkDamageNamesAPlaceInTheInput(damage, input, where);
    }
    if (input.kind == Kind.VALID) {
      checkEverythingIsRead(records, damage, input, where);
    } else if (input.original != null) {
      checkNothingBeforeTheDamageIsLost(records, damage, input, where);
    }
    return input;
  }

  private static void checkDamageNamesAPlaceInTheInput(
      WalCorruptException damage, Input input, String where) {
    List<SegmentId> ids = input.segments.ids();
    int segment = -1;
    for (int s = 0; s < ids.size(); s++) {
      if (ids.get(s).fileName().equals(damage.segment())) {
        segment = s;
      }
    }
    if (segment < 0) {
      fail("damage names segment " + damage.segment() + ", not one of the input's: " + where);
    }
    long size = input.segments.bytes(ids.get(segment)).length;
    if (damage.offset() < 0 || damage.offset() > size) {
      fail("damage at offset " + damage.offset() + " of a segment of " + size + " bytes: " + where);
    }
  }

  private static void checkEverythingIsRead(
      List<long[]> records, WalCorruptException damage, Input input, String where) {
    if (damage != null) {
      fail("damage reported in a valid log: " + damage.getMessage() + ": " + where);
    }
    int frames = 0;
    for (List<Integer> offsets : input.original) {
      frames += offsets.size() - 1;
    }
    if (records.size() != frames) {
      fail(records.size() + " records read from a valid log of " + frames + ": " + where);
    }
  }

  /**
   * For a valid log damaged from byte {@code firstChange} of segment {@code changedSegment}: every
   * frame that ends before that byte comes back, at its offset, and any damage is reported no
   * earlier than the frame holding the change (or in a later segment, whose CRC record shows that
   * the changed segment ended early).
   */
  private static void checkNothingBeforeTheDamageIsLost(
      List<long[]> records, WalCorruptException damage, Input input, String where) {
    List<List<Integer>> frames = input.original;
    int expected = 0;
    for (int s = 0; s < input.changedSegment; s++) {
      expected += frames.get(s).size() - 1;
    }
    List<Integer> changed = frames.get(input.changedSegment);
    int frameOfChange = 0;
    for (int f = 0; f + 1 < changed.size() && changed.get(f + 1) <= input.firstChange; f++) {
      expected++;
      frameOfChange = f + 1;
    }
    int checked = 0;
    for (int s = 0;
        s <= input.changedSegment && checked < Math.min(expected, records.size());
        s++) {
      List<Integer> offsets = frames.get(s);
      int limit = s == input.changedSegment ? frameOfChange : offsets.size() - 1;
      for (int f = 0; f < limit && checked < records.size(); f++, checked++) {
        long[] got = records.get(checked);
        if (got[0] != s || got[1] != offsets.get(f)) {
          fail(
              "record "
                  + checked
                  + " read at segment "
                  + got[0]
                  + " offset "
                  + got[1]
                  + ", expected segment "
                  + s
                  + " offset "
                  + offsets.get(f)
                  + ": "
                  + where);
        }
      }
    }
    if (records.size() < expected) {
      fail(
          "only "
              + records.size()
              + " of the "
              + expected
              + " records before the damage came back"
              + (damage == null ? "" : " (" + damage.getMessage() + ")")
              + ": "
              + where);
    }
    if (damage != null) {
      String changedName = input.segments.ids().get(input.changedSegment).fileName();
      int damagedSegment =
          input.segments.ids().stream().map(SegmentId::fileName).toList().indexOf(damage.segment());
      boolean inChanged = damage.segment().equals(changedName);
      if (damagedSegment < input.changedSegment
          || (inChanged && damage.offset() < changed.get(frameOfChange))) {
        fail(
            "damage reported at "
                + damage.segment()
                + " offset "
                + damage.offset()
                + ", before the change at "
                + changedName
                + " offset "
                + input.firstChange
                + ": "
                + where);
      }
    }
  }

  enum Kind {
    RANDOM_BYTES,
    VALID,
    TRUNCATED,
    BIT_FLIPS,
    OVERWRITTEN_BYTES,
    HOSTILE_LENGTH_WORD,
    ZERO_RUN,
    MALFORMED_ENVELOPE
  }

  /** One input: segments to read, and for a damaged valid log where the damage starts. */
  static final class Input {
    Kind kind;

    /** Whether the log holds a record larger than the reader's 1 MiB buffer. */
    boolean large;

    MemorySegments segments;

    /**
     * The frame offsets of each segment before the change (last element: where frames end), or
     * null.
     */
    List<List<Integer>> original;

    int changedSegment;
    int firstChange = Integer.MAX_VALUE;
    String detail = "";

    long totalBytes() {
      long n = 0;
      for (SegmentId id : segments.ids()) {
        n += segments.bytes(id).length;
      }
      return n;
    }

    String describe() {
      StringBuilder s =
          new StringBuilder(kind.toString())
              .append(detail)
              .append(large ? ", large record" : "")
              .append(", segments");
      for (SegmentId id : segments.ids()) {
        s.append(' ').append(segments.bytes(id).length);
      }
      long total = totalBytes();
      if (total <= 96) {
        s.append(", bytes ");
        for (SegmentId id : segments.ids()) {
          s.append('[').append(Hex.format(segments.bytes(id))).append(']');
        }
      }
      return s.toString();
    }
  }

  static Input generate(SplittableRandom random) {
    Input input = new Input();
    int roll = random.nextInt(100);
    int chunk = random.nextInt(4) == 0 ? 1 + random.nextInt(64) : Integer.MAX_VALUE;
    if (roll < 12) {
      input.kind = Kind.RANDOM_BYTES;
      input.segments = new MemorySegments(chunk);
      int segments = 1 + random.nextInt(2);
      for (int s = 0; s < segments; s++) {
        input.segments.put(new SegmentId(s, s), randomBytes(random));
      }
      return input;
    }
    input.kind =
        roll < 18
            ? Kind.VALID
            : roll < 30
                ? Kind.TRUNCATED
                : roll < 45
                    ? Kind.BIT_FLIPS
                    : roll < 57
                        ? Kind.OVERWRITTEN_BYTES
                        : roll < 72
                            ? Kind.HOSTILE_LENGTH_WORD
                            : roll < 84 ? Kind.ZERO_RUN : Kind.MALFORMED_ENVELOPE;
    input.large = random.nextInt(1000) == 0;
    List<byte[]> log = validLog(random, input.large);
    input.original = new ArrayList<>();
    for (byte[] segment : log) {
      input.original.add(FrameOracle.frameOffsets(segment));
    }
    input.changedSegment = random.nextInt(log.size());
    byte[] target = log.get(input.changedSegment);
    List<Integer> frames = input.original.get(input.changedSegment);
    int framesEnd = frames.get(frames.size() - 1);
    switch (input.kind) {
      case VALID -> input.changedSegment = log.size() - 1;
      case TRUNCATED -> {
        int cut = random.nextInt(target.length + 1);
        log.set(input.changedSegment, Arrays.copyOf(target, cut));
        input.firstChange = cut < framesEnd ? cut : Integer.MAX_VALUE;
        input.detail = " at " + cut;
      }
      case BIT_FLIPS -> {
        int flips = 1 + random.nextInt(4);
        int span = random.nextBoolean() ? framesEnd : target.length;
        for (int i = 0; i < flips && span > 0; i++) {
          int at = random.nextInt(span);
          target[at] ^= (byte) (1 << random.nextInt(8));
          input.firstChange = Math.min(input.firstChange, at);
        }
        input.detail = " from " + input.firstChange;
      }
      case OVERWRITTEN_BYTES -> {
        int at = random.nextInt(Math.max(1, target.length));
        int n =
            Math.min(
                target.length - at,
                random.nextBoolean() ? 1 + random.nextInt(8) : random.nextInt(600));
        for (int i = 0; i < n; i++) {
          target[at + i] = (byte) random.nextInt(256);
        }
        input.firstChange = n > 0 ? at : Integer.MAX_VALUE;
        input.detail = " " + n + " at " + at;
      }
      case HOSTILE_LENGTH_WORD -> {
        int frame = random.nextInt(frames.size());
        int at = frames.get(frame);
        if (at + 8 <= target.length) {
          long word = hostileLengthWord(random, target.length - at);
          FrameOracle.putLengthWord(target, at, word);
          input.firstChange = at;
          input.detail = String.format(" %016x at %d", word, at);
        }
      }
      case ZERO_RUN -> {
        int at =
            random.nextBoolean()
                ? frames.get(random.nextInt(frames.size()))
                : random.nextInt(target.length + 1);
        int n =
            Math.min(
                target.length - at,
                random.nextBoolean() ? 8 * (1 + random.nextInt(8)) : random.nextInt(2000));
        for (int i = at; i < at + n; i++) {
          if (target[i] != 0) {
            input.firstChange = Math.min(input.firstChange, i);
          }
          target[i] = 0;
        }
        input.detail = " " + n + " at " + at;
      }
      case MALFORMED_ENVELOPE -> {
        int frame = random.nextInt(frames.size());
        int at = frames.get(frame);
        byte[] record = malformedRecord(random);
        byte[] framed = random.nextInt(4) == 0 ? unpaddedFrame(record) : FrameOracle.frame(record);
        byte[] changed =
            FrameOracle.concat(
                Arrays.copyOf(target, at),
                framed,
                Arrays.copyOfRange(
                    target, Math.min(target.length, at + framed.length), target.length));
        log.set(input.changedSegment, changed);
        input.firstChange = at;
        input.detail = " at " + at + ": " + Hex.format(record);
      }
      default -> throw new AssertionError(input.kind);
    }
    input.segments = new MemorySegments(chunk);
    for (int s = 0; s < log.size(); s++) {
      input.segments.put(new SegmentId(s, 1 + 10L * s), log.get(s));
    }
    return input;
  }

  /** 1 to 3 segments of a valid log, the last with a preallocated zero tail or none. */
  private static List<byte[]> validLog(SplittableRandom random, boolean large) {
    List<byte[]> segments = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    int crc = 0;
    long index = 1;
    for (int s = 0; s < count; s++) {
      LogBuilder b =
          s == 0
              ? LogBuilder.created(
                  random.nextInt(4) == 0 ? null : randomBytes(random, random.nextInt(20)))
              : new LogBuilder(crc).crcRecord().record(RecordType.METADATA, new byte[] {1});
      int records = random.nextInt(12);
      for (int r = 0; r < records; r++) {
        switch (random.nextInt(6)) {
          case 0 -> b.state(random.nextLong(), random.nextInt(5), index - 1);
          case 1 ->
              b.record(
                  RecordType.SNAPSHOT, new byte[] {0x08, (byte) random.nextInt(128), 0x10, 0x01});
          default -> {
            int length = random.nextInt(10) == 0 ? random.nextInt(3000) : random.nextInt(120);
            b.entry(1, index++, random.nextInt(8) == 0 ? null : randomBytes(random, length));
          }
        }
      }
      if (large && s == count - 1) {
        b.entry(1, index++, randomBytes(random, (1 << 20) + random.nextInt(1 << 19)));
      }
      crc = b.runningCrc();
      boolean last = s == count - 1;
      int tail = last && random.nextBoolean() ? 8 * random.nextInt(512) : 0;
      segments.add(b.bytes(b.bytes().length + tail));
    }
    return segments;
  }

  private static long hostileLengthWord(SplittableRandom random, int remaining) {
    return switch (random.nextInt(5)) {
      case 0, 1 -> HOSTILE_LENGTH_WORDS[random.nextInt(HOSTILE_LENGTH_WORDS.length)];
      case 2 -> random.nextLong();
      case 3 -> (long) remaining - 8 + random.nextInt(17) - 8; // about as much as exists
      default -> Frames.lengthWord(1 + random.nextInt(64)) ^ ((long) random.nextInt(256) << 56);
    };
  }

  /**
   * Record bytes whose fields are plausible in shape but wrong in detail: wrong wire types, varints
   * of 10 bytes and above 2^63, lengths that run past the end or point backwards, groups, field 0.
   */
  private static byte[] malformedRecord(SplittableRandom random) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int fields = 1 + random.nextInt(5);
    for (int i = 0; i < fields; i++) {
      int field = random.nextInt(8) == 0 ? random.nextInt(40) : 1 + random.nextInt(3);
      int wire = random.nextInt(4) == 0 ? random.nextInt(8) : (field == 3 ? 2 : 0);
      writeVarint(out, ((long) field << 3) | wire);
      switch (wire) {
        case 0 -> writeVarint(out, hostileVarint(random));
        case 1 -> out.writeBytes(randomBytes(random, random.nextInt(10)));
        case 2 -> {
          long length = random.nextBoolean() ? random.nextInt(12) : hostileVarint(random);
          writeVarint(out, length);
          out.writeBytes(randomBytes(random, random.nextInt(12)));
        }
        case 5 -> out.writeBytes(randomBytes(random, random.nextInt(6)));
        default -> out.writeBytes(randomBytes(random, random.nextInt(4)));
      }
    }
    if (random.nextInt(4) == 0) {
      out.writeBytes(
          new byte[] {
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80
          });
    }
    byte[] record = out.toByteArray();
    return record.length == 0 ? new byte[] {0} : record;
  }

  private static long hostileVarint(SplittableRandom random) {
    return switch (random.nextInt(6)) {
      case 0 -> -1L;
      case 1 -> Long.MIN_VALUE + random.nextInt(64);
      case 2 -> -1L - random.nextInt(64); // as an int: a small negative length, pointing backwards
      case 3 -> 0xFFFF_FFFFL - random.nextInt(16);
      case 4 -> 0x8000_0000L + random.nextInt(16);
      default -> random.nextLong();
    };
  }

  private static void writeVarint(java.io.ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  /** A frame in the pre-3.0 form: the record's length, no padding flag, no padding. */
  private static byte[] unpaddedFrame(byte[] record) {
    byte[] frame = new byte[8 + record.length];
    FrameOracle.putLengthWord(frame, 0, record.length);
    System.arraycopy(record, 0, frame, 8, record.length);
    return frame;
  }

  private static byte[] randomBytes(SplittableRandom random) {
    int length =
        switch (random.nextInt(4)) {
          case 0 -> random.nextInt(16);
          case 1 -> random.nextInt(200);
          case 2 -> random.nextInt(2000);
          default -> 8 * random.nextInt(100);
        };
    byte[] b = randomBytes(random, length);
    if (random.nextBoolean()) {
      for (int i = 0; i < b.length; i++) {
        if (random.nextInt(4) != 0) {
          b[i] = 0; // mostly zeros, as preallocated space with a little garbage
        }
      }
    }
    return b;
  }

  private static byte[] randomBytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
