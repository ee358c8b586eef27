/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.trace;

import java.io.BufferedReader;
import java.util.stream.Stream;

/**
 * Reads one trace format as a lazy stream of conversion events; one implementation per format. The
 * stream reads the reader as it is consumed and does not close it.
 */
public interface TraceReader {

  /**
   * The events of {@code in}, in order. Lines that are not conversion events are skipped.
   *
   * @throws MalformedTraceException (from the stream, when the line is reached) for a conversion
   *     line that does not parse, unless the reader is lenient
   * @throws java.io.UncheckedIOException (from the stream) if reading fails
   */
  Stream<TraceEvent> events(BufferedReader in);

  /** Malformed lines skipped so far (lenient readers only; strict ones throw instead). */
  long malformedLines();
}
