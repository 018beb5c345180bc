package io.github.jwal.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses terms and indexes, which are unsigned 64-bit numbers and may exceed {@code
 * Long.MAX_VALUE}.
 */
final class UnsignedLongConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    try {
      return Long.parseUnsignedLong(value);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not an unsigned 64-bit number");
    }
  }
}
