/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.trace;

import io.github.ramattr.PageState;
import java.io.BufferedReader;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads QEMU's "log" trace backend output for event {@code ram_block_attributes_state_change}:
 *
 * <pre>
 * ram_block_attributes_state_change offset 0x200000 size 0x1000 from 'discarded' to 'populated'
 * 12345@1700000000.123456:ram_block_attributes_state_change offset 0x0 size 0x200000 from ...
 * </pre>
 *
 * The {@code PID@SEC.USEC:} prefix is optional (with or without a space after it). {@code from} is
 * {@code discarded}, {@code populated} or {@code mixture}; {@code to} is {@code discarded} or
 * {@code populated}. Lines of other events, and any other text, are ignored; a line whose event is
 * this one but whose arguments do not parse is malformed.
 */
public final class QemuLogTraceReader implements TraceReader {
  /** The event's name. */
  public static final String EVENT = "ram_block_attributes_state_change";

  private static final Pattern PREFIX = Pattern.compile("^\\s*(?:\\d+@\\d+\\.\\d+:\\s*)?");
  private static final Pattern ARGS =
      Pattern.compile(
          "\\s+offset 0x([0-9a-fA-F]{1,16}) size 0x([0-9a-fA-F]{1,16})"
              + " from '(discarded|populated|mixture)' to '(discarded|populated)'\\s*");

  private final boolean lenient;
  private long malformed;

  /**
   * A reader that throws {@link MalformedTraceException} on a malformed line, or with {@code
   * lenient} counts and skips it.
   */
  public QemuLogTraceReader(boolean lenient) {
    this.lenient = lenient;
  }

  @Override
  public Stream<TraceEvent> events(BufferedReader in) {
    Objects.requireNonNull(in, "in");
    long[] lineNumber = {0};
    return in.lines()
        .map(
            line -> {
              lineNumber[0]++;
              return parse(lineNumber[0], line);
            })
        .filter(Objects::nonNull);
  }

  /** The event on this line, null for a line of another event or a skipped malformed one. */
  private @Nullable TraceEvent parse(long lineNumber, String line) {
    Matcher prefix = PREFIX.matcher(line);
    prefix.lookingAt();
    int start = prefix.end();
    if (!line.startsWith(EVENT, start)) {
      return null;
    }
    int argsStart = start + EVENT.length();
    if (argsStart < line.length() && !Character.isWhitespace(line.charAt(argsStart))) {
      return null; // another event whose name starts with this one's
    }
    Matcher args = ARGS.matcher(line).region(argsStart, line.length());
    if (!args.matches()) {
      return malformed(lineNumber, line, "expected offset 0x.. size 0x.. from '..' to '..'");
    }
    return new TraceEvent(
        lineNumber,
        Long.parseUnsignedLong(args.group(1), 16),
        Long.parseUnsignedLong(args.group(2), 16),
        args.group(3),
        args.group(4).equals("populated") ? PageState.SHARED : PageState.PRIVATE);
  }

  private @Nullable TraceEvent malformed(long lineNumber, String line, String why) {
    if (!lenient) {
      throw new MalformedTraceException(lineNumber, line, why);
    }
    malformed++;
    return null;
  }

  @Override
  public long malformedLines() {
    return malformed;
  }

  /** The trace line for a conversion, without prefix, in the exact format this reader accepts. */
  public static String format(long offset, long size, String from, PageState to) {
    return EVENT
        + " offset 0x"
        + Long.toHexString(offset)
        + " size 0x"
        + Long.toHexString(size)
        + " from '"
        + from
        + "' to '"
        + (to == PageState.SHARED ? "populated" : "discarded")
        + "'";
  }
}
