/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.MemoryRegionSection;

/**
 * When a {@link RecordingListener} refuses a populate. Calls are counted from the moment the plan
 * is set on the listener, starting at 1. Immutable.
 *
 * <p>A plan answers with the region offset at which the refusal happens, so that a {@link
 * VfioModelListener} can fail the DMA map of the chunk holding it (after mapping the chunks before
 * it, as a real map failure would).
 */
public final class FailurePlan {
  private static final FailurePlan NEVER = new FailurePlan(0, -1, false);

  private final int callNumber;
  private final long touching;
  private final boolean always;

  private FailurePlan(int callNumber, long touching, boolean always) {
    this.callNumber = callNumber;
    this.touching = touching;
    this.always = always;
  }

  /** Never refuses. */
  public static FailurePlan never() {
    return NEVER;
  }

  /** Refuses every populate (at its last byte). */
  public static FailurePlan always() {
    return new FailurePlan(0, -1, true);
  }

  /**
   * Refuses the {@code n}-th populate call only (at its last byte, so that a VFIO model maps all
   * but the last chunk first).
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static FailurePlan onPopulateCall(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("call numbers start at 1: " + n);
    }
    return new FailurePlan(n, -1, false);
  }

  /**
   * Refuses every populate whose section holds region offset {@code offset} (at that offset).
   *
   * @throws IllegalArgumentException if {@code offset} is negative
   */
  public static FailurePlan onPopulateTouching(long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be non-negative: " + offset);
    }
    return new FailurePlan(0, offset, false);
  }

  /**
   * The region offset inside {@code section} where populate call number {@code call} fails, or -1
   * if it succeeds.
   */
  public long failingOffset(int call, MemoryRegionSection section) {
    if (section.size() == 0) {
      return -1;
    }
    long start = section.offsetWithinRegion();
    long last = start + section.size() - 1;
    if (always || (callNumber > 0 && call == callNumber)) {
      return last;
    }
    if (touching >= 0 && touching >= start && touching <= last) {
      return touching;
    }
    return -1;
  }

  @Override
  public String toString() {
    if (always) {
      return "FailurePlan.always()";
    }
    if (callNumber > 0) {
      return "FailurePlan.onPopulateCall(" + callNumber + ")";
    }
    return touching >= 0
        ? "FailurePlan.onPopulateTouching(" + touching + ")"
        : "FailurePlan.never()";
  }
}
