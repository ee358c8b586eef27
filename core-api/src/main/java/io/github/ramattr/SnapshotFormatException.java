/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import java.io.IOException;

/**
 * A snapshot could not be read: truncated, corrupt (checksum mismatch or impossible content), of an
 * unknown version, or of sizes that do not fit the attribute being built.
 */
public class SnapshotFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message naming what was wrong.
   *
   * @param message what was wrong, with the offending values
   */
  public SnapshotFormatException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the underlying cause.
   *
   * @param message what was wrong, with the offending values
   * @param cause the underlying failure
   */
  public SnapshotFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
