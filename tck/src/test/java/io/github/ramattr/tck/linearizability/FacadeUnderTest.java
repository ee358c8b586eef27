/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.RamDiscardListener;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The calls of {@link RamBlockAttribute} that the linearizability check makes, behind an interface
 * so that a deliberately broken variant can stand in for the facade without any test hook in the
 * facade itself.
 */
interface FacadeUnderTest {

  void convert(long offset, long size, PageState target);

  void registerListener(RamDiscardListener listener, MemoryRegionSection section);

  void unregisterListener(RamDiscardListener listener);

  PageState stateAt(long offset);

  boolean isPopulated(MemoryRegionSection section);

  void replayPopulated(MemoryRegionSection section, Consumer<MemoryRegionSection> visitor);

  /** The facade as it is: every call goes straight to {@code attribute}. */
  static FacadeUnderTest of(RamBlockAttribute attribute) {
    return new Direct(attribute);
  }

  /**
   * The planted mutant: a facade that releases its lock in the middle of a conversion. It converts
   * the first half of a range of two or more blocks under one hold of {@code attribute}'s lock,
   * pauses, and converts the rest under a second hold, exactly what a facade that unlocked between
   * the runs of one conversion would do. Alone on one thread it is indistinguishable from the
   * facade (each block is told once, to the same listeners); with readers or other writers in the
   * pause, they see or interleave with half a conversion, which no sequential order explains. Every
   * other call goes straight to {@code attribute}.
   */
  static FacadeUnderTest lockDroppingMidConversion(RamBlockAttribute attribute) {
    long block = attribute.blockSize();
    return new Direct(attribute) {
      @Override
      public void convert(long offset, long size, PageState target) {
        long blocks = size / block;
        if (blocks < 2) {
          attribute.convert(offset, size, target);
          return;
        }
        long firstHalf = blocks / 2 * block;
        attribute.convert(offset, firstHalf, target);
        LockSupport.parkNanos(50_000); // the lock is free here: others may run
        attribute.convert(offset + firstHalf, size - firstHalf, target);
      }

      @Override
      public String toString() {
        return "lock-dropping " + attribute;
      }
    };
  }

  /** Every call straight to the attribute: the facade itself, and the mutant's other calls. */
  class Direct implements FacadeUnderTest {
    private final RamBlockAttribute attribute;

    Direct(RamBlockAttribute attribute) {
      this.attribute = attribute;
    }

    @Override
    public void convert(long offset, long size, PageState target) {
      attribute.convert(offset, size, target);
    }

    @Override
    public void registerListener(RamDiscardListener listener, MemoryRegionSection section) {
      attribute.registerListener(listener, section);
    }

    @Override
    public void unregisterListener(RamDiscardListener listener) {
      attribute.unregisterListener(listener);
    }

    @Override
    public PageState stateAt(long offset) {
      return attribute.stateAt(offset);
    }

    @Override
    public boolean isPopulated(MemoryRegionSection section) {
      return attribute.isPopulated(section);
    }

    @Override
    public void replayPopulated(
        MemoryRegionSection section, Consumer<MemoryRegionSection> visitor) {
      attribute.replayPopulated(section, visitor);
    }

    @Override
    public String toString() {
      return attribute.toString();
    }
  }
}
