/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.trace;

/** A trace line that names the conversion event but does not parse; carries its number and text. */
public final class MalformedTraceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long lineNumber;
  private final String line;

  /** An exception for line {@code lineNumber} (1-based) reading {@code line}. */
  public MalformedTraceException(long lineNumber, String line, String why) {
    super("malformed trace line " + lineNumber + " (" + why + "): " + line);
    this.lineNumber = lineNumber;
    this.line = line;
  }

  /** The 1-based line number. */
  public long lineNumber() {
    return lineNumber;
  }

  /** The line's text. */
  public String line() {
    return line;
  }
}
