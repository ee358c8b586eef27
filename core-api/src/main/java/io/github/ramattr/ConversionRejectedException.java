/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

/**
 * A {@link RamDiscardListener} objected to a populate (its {@code onPopulate} threw); the cause is
 * the listener's exception, and the message names the refused call and its arguments.
 *
 * <p>From {@link RamBlockAttribute#convert}, what happened to the state depends on the {@link
 * ConversionSemantics}: in {@link ConversionSemantics#ATOMIC ATOMIC} mode nothing changed; in
 * {@link ConversionSemantics#QEMU QEMU} mode nothing is rolled back, as in QEMU 10.1: the blocks
 * written up to and including the refused notification stay shared (the whole range, if it was
 * wholly private) and the listeners already told keep what they got. From {@link
 * RamBlockAttribute#registerListener}, the listener was sent discards for what the replay gave it
 * and is not registered; the state never changes.
 */
public class ConversionRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message and the listener's exception as cause.
   *
   * @param message the refused call and its arguments
   * @param cause what the listener's {@code onPopulate} threw
   */
  public ConversionRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
