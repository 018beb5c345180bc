package io.github.jwal.codec;

/**
 * The fields of a {@code walpb.Record}: its type, its stored CRC and where its data lies. Parsed in
 * place, without a copy, into this reusable holder: by the sequential {@link RecordReader} and by
 * {@link EntryFrame}, which reads one record on its own.
 */
final class RecordEnvelope {
  long type;
  int crc;
  boolean hasData;
  byte[] array;
  int dataOffset;
  int dataLength;

  /** Parses {@code record[start .. start + length)}; on failure the holder is left unchanged. */
  void parse(byte[] record, int start, int length) throws MalformedMessageException {
    long parsedType = 0;
    int parsedCrc = 0;
    boolean parsedHasData = false;
    int parsedDataOffset = start;
    int parsedDataLength = 0;
    ProtoReader fields = new ProtoReader(record, start, length);
    while (fields.nextField()) {
      switch (fields.fieldNumber()) {
        case 1 -> parsedType = fields.varint();
        case 2 -> parsedCrc = (int) fields.varint();
        case 3 -> {
          parsedDataOffset = fields.lengthDelimited();
          parsedDataLength = fields.lastLength();
          parsedHasData = true;
        }
        default -> fields.skip();
      }
    }
    type = parsedType;
    crc = parsedCrc;
    hasData = parsedHasData;
    array = record;
    dataOffset = parsedDataOffset;
    dataLength = parsedDataLength;
  }
}
