/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.workloads;

import java.util.Locale;

/** Byte sizes as people write them: {@code 4096}, {@code 0x1000}, {@code 64MiB}, {@code 1TiB}. */
public final class Sizes {
  /** 2^10. */
  public static final long KIB = 1L << 10;

  /** 2^20. */
  public static final long MIB = 1L << 20;

  /** 2^30. */
  public static final long GIB = 1L << 30;

  /** 2^40. */
  public static final long TIB = 1L << 40;

  /** The granularity every workload uses: one 4 KiB host page. */
  public static final long PAGE = 4 * KIB;

  private Sizes() {}

  /**
   * Parses a size: decimal or {@code 0x} hex bytes, or a number followed by {@code KiB}, {@code
   * MiB}, {@code GiB}, {@code TiB} (case-insensitive, {@code K}/{@code M}/{@code G}/{@code T}
   * accepted too).
   *
   * @throws IllegalArgumentException if the text is not such a size, is negative or overflows
   */
  public static long parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("0x")) {
        return Long.parseUnsignedLong(t.substring(2), 16);
      }
      long unit = 1;
      String[][] units = {{"kib", "k"}, {"mib", "m"}, {"gib", "g"}, {"tib", "t"}};
      long[] factors = {KIB, MIB, GIB, TIB};
      for (int i = 0; i < units.length; i++) {
        for (String suffix : units[i]) {
          if (t.endsWith(suffix) && unit == 1) {
            unit = factors[i];
            t = t.substring(0, t.length() - suffix.length()).trim();
          }
        }
      }
      long value = Long.parseLong(t);
      if (value < 0) {
        throw new IllegalArgumentException("size '" + text + "' is negative");
      }
      return Math.multiplyExact(value, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size such as 4096, 0x1000, 1GiB", e);
    }
  }

  /** The shortest exact form: {@code 64 GiB}, {@code 1 TiB}, {@code 4 KiB} or plain bytes. */
  public static String format(long bytes) {
    String[] names = {"TiB", "GiB", "MiB", "KiB"};
    long[] factors = {TIB, GIB, MIB, KIB};
    for (int i = 0; i < names.length; i++) {
      if (bytes >= factors[i] && bytes % factors[i] == 0) {
        return bytes / factors[i] + " " + names[i];
      }
    }
    return bytes + " B";
  }

  /**
   * A human figure for a byte count: {@code 1.5 MiB}, {@code 824 B}. Three significant digits, so
   * converting to double (exact below 2^53) loses nothing that is shown.
   */
  public static String human(long bytes) {
    return human((double) bytes);
  }

  /** A human figure for a byte count: {@code 1.5 MiB}, {@code 824 B}. */
  public static String human(double bytes) {
    String[] names = {"B", "KiB", "MiB", "GiB", "TiB"};
    int i = 0;
    while (bytes >= 1024 && i < names.length - 1) {
      bytes /= 1024;
      i++;
    }
    return i == 0
        ? String.format(Locale.ROOT, "%.0f B", bytes)
        : String.format(Locale.ROOT, "%.3g %s", bytes, names[i]);
  }
}
