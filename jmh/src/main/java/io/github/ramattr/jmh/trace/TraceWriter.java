/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.trace;

import io.github.ramattr.evidence.FlatBitmapProvider;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.workloads.Conversion;
import io.github.ramattr.workloads.Sizes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes conversions as a QEMU "log" trace of {@code ram_block_attributes_state_change}, with the
 * {@code from} word each line would have had: the writer tracks the state in a flat bitmap.
 */
public final class TraceWriter {
  private TraceWriter() {}

  /**
   * Writes {@code conversions} on a block of {@code regionSize} bytes to {@code out}, one line
   * each, prefixed with {@code PID@SEC.USEC:} (pid 1, one microsecond per line) when {@code
   * withPrefix}.
   *
   * @return the number of lines written
   * @throws IllegalArgumentException if the block has more pages than a flat bitmap holds
   * @throws IOException if writing fails
   */
  public static long write(
      Stream<Conversion> conversions, long regionSize, boolean withPrefix, Writer out)
      throws IOException {
    SharedStateStore state = new FlatBitmapProvider().create(regionSize / Sizes.PAGE);
    long[] lines = {0};
    try {
      conversions.forEach(
          c -> {
            String from = TraceReplay.classify(state, c.fromPage(), c.toPage());
            try {
              if (withPrefix) {
                long micros = lines[0];
                out.write(
                    String.format(
                        Locale.ROOT,
                        "1@%d.%06d:",
                        1_700_000_000L + micros / 1_000_000,
                        micros % 1_000_000));
              }
              out.write(QemuLogTraceReader.format(c.offset(), c.size(), from, c.target()));
              out.write('\n');
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            c.applyTo(state);
            lines[0]++;
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    out.flush();
    return lines[0];
  }
}
