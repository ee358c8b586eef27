/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

/** How {@link RamBlockAttribute#convert} notifies listeners and what it does when one objects. */
public enum ConversionSemantics {
  /**
   * The default. A mixed range is notified once per maximal changed run. If a listener refuses a
   * populate, the state is restored exactly and every listener is sent back a discard for each
   * section it populated during the call, so the conversion either happens wholly or not at all.
   */
  ATOMIC,
  /**
   * QEMU 10.1's {@code ram_block_attributes_state_change}, to the notification: a mixed range is
   * notified once per block, ascending; a refused populate stops at once and nothing is rolled
   * back.
   */
  QEMU
}
