/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** The three configuration keys, parsed from one source (a {@code Properties} or the system). */
final class Config {
  // Null until a source sets the key.
  @Nullable String backend;
  @Nullable Long blockSize;
  @Nullable ConversionSemantics semantics;

  /**
   * Reads the keys present in {@code source} (key to value, null when absent), replacing what was
   * read before.
   *
   * @throws IllegalArgumentException naming key and value if a value is malformed
   */
  void readFrom(UnaryOperator<@Nullable String> source) {
    String backendValue = source.apply(RamBlockAttribute.BACKEND_PROPERTY);
    String blockValue = source.apply(RamBlockAttribute.BLOCK_SIZE_PROPERTY);
    String semanticsValue = source.apply(RamBlockAttribute.SEMANTICS_PROPERTY);
    // Parse everything before storing anything, so a malformed value changes nothing.
    String parsedBackend = backendValue == null ? backend : parseBackend(backendValue);
    Long parsedBlock = blockValue == null ? blockSize : Long.valueOf(parseBlockSize(blockValue));
    ConversionSemantics parsedSemantics =
        semanticsValue == null ? semantics : parseSemantics(semanticsValue);
    backend = parsedBackend;
    blockSize = parsedBlock;
    semantics = parsedSemantics;
  }

  static String parseBackend(String value) {
    String name = value.trim();
    if (name.isEmpty()) {
      throw new IllegalArgumentException(
          RamBlockAttribute.BACKEND_PROPERTY + " must name a backend, got '" + value + "'");
    }
    return name;
  }

  /** Decimal or {@code 0x} hex, a positive power of two. */
  static long parseBlockSize(String value) {
    String text = value.trim();
    long parsed;
    try {
      parsed =
          text.startsWith("0x") || text.startsWith("0X")
              ? Long.parseLong(text.substring(2), 16)
              : Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          RamBlockAttribute.BLOCK_SIZE_PROPERTY
              + " must be a number of bytes (decimal or 0x hex), got '"
              + value
              + "'",
          e);
    }
    if (parsed <= 0 || Long.bitCount(parsed) != 1) {
      throw new IllegalArgumentException(
          RamBlockAttribute.BLOCK_SIZE_PROPERTY
              + " must be a power of two, got '"
              + value
              + "' ("
              + parsed
              + ")");
    }
    return parsed;
  }

  static ConversionSemantics parseSemantics(String value) {
    String text = value.trim().toUpperCase(Locale.ROOT);
    for (ConversionSemantics candidate : ConversionSemantics.values()) {
      if (candidate.name().equals(text)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        RamBlockAttribute.SEMANTICS_PROPERTY + " must be 'atomic' or 'qemu', got '" + value + "'");
  }
}
