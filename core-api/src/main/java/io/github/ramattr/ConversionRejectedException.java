/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

/**
 * A {@link RamDiscardListener} objected to a populate (its {@code onPopulate} threw); the cause is
 * the listener's exception. What happened to the state depends on the {@link ConversionSemantics}.
 */
public class ConversionRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message and the listener's exception as cause. */
  public ConversionRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
