/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RamDiscardListener} objected to a populate (its {@code onPopulate} threw); the cause is
 * the listener's exception. Like KVM's {@code error_offset}, it says where: {@link
 * #refusedSection()} is the section the listener refused, as it was given it, and {@link
 * #listener()} the listener; the message names both, and the refused call with its arguments.
 *
 * <p>From {@link RamBlockAttribute#convert}, what happened to the state depends on the {@link
 * ConversionSemantics}: in {@link ConversionSemantics#ATOMIC ATOMIC} mode nothing changed; in
 * {@link ConversionSemantics#QEMU QEMU} mode nothing is rolled back, as in QEMU 10.1: the blocks
 * written up to and including the refused notification stay shared (the whole range, if it was
 * wholly private) and the listeners already told keep what they got. From {@link
 * RamBlockAttribute#registerListener}, the listener was sent discards for what the replay gave it
 * and is not registered; the state never changes. From a {@link MultiSourceDiscardManager}, see the
 * method that threw.
 */
public class ConversionRejectedException extends RuntimeException {
  private static final long serialVersionUID = 2L;

  // The section as three numbers, so that the exception stays serialisable.

  /** The refused section's offset within the region. */
  private final long refusedOffset;

  /** The refused section's size in bytes. */
  private final long refusedSize;

  /** The refused section's offset within the address space. */
  private final long refusedAddress;

  /** Not serialised: a listener is a live object of the process that refused. */
  private final transient @Nullable RamDiscardListener listener;

  /**
   * Creates an exception for a refused populate.
   *
   * @param message the refused call and its arguments; the refusing listener and the refused
   *     section are appended
   * @param cause what the listener's {@code onPopulate} threw
   * @param refusedSection the section the listener was given and refused
   * @param listener the listener that refused
   * @throws NullPointerException if an argument is null
   */
  public ConversionRejectedException(
      String message,
      Throwable cause,
      MemoryRegionSection refusedSection,
      RamDiscardListener listener) {
    super(
        Objects.requireNonNull(message, "message")
            + ": RamDiscardListener "
            + Objects.requireNonNull(listener, "listener")
            + " refused to populate the section at offset "
            + Objects.requireNonNull(refusedSection, "refusedSection").offsetWithinRegion()
            + " (0x"
            + Long.toHexString(refusedSection.offsetWithinRegion())
            + ") of size "
            + refusedSection.size()
            + " (0x"
            + Long.toHexString(refusedSection.size())
            + "), address-space offset "
            + refusedSection.offsetWithinAddressSpace(),
        Objects.requireNonNull(cause, "cause"));
    this.refusedOffset = refusedSection.offsetWithinRegion();
    this.refusedSize = refusedSection.size();
    this.refusedAddress = refusedSection.offsetWithinAddressSpace();
    this.listener = listener;
  }

  /**
   * The section the listener refused, in region offsets, exactly as the listener was given it (its
   * registered section clipped to the run being populated).
   *
   * @return the refused section, never empty
   */
  public MemoryRegionSection refusedSection() {
    return new MemoryRegionSection(refusedOffset, refusedSize, refusedAddress);
  }

  /**
   * The listener that refused.
   *
   * @return the listener, or null if this exception was deserialised (the listener is not
   *     serialised)
   */
  public @Nullable RamDiscardListener listener() {
    return listener;
  }
}
