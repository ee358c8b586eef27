/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.RamBlockAttribute;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one call was seen to do: its return value and, per listener, the blocks it was told about
 * during the call. Models build the same value from their state, so a recorded call and the model's
 * answer compare with {@link #equals}.
 *
 * <p>Notifications are compared as block sets per listener (populated, discarded), not as sequences
 * of sections: the notification shapes (one per run, one per block, order) are the sequential
 * suites' subject. What is checked here is that a call's notifications belong to one state change,
 * the one the model makes at the point where the call takes effect.
 *
 * @param value what the call returned: {@code "ok"}, the simple name of the exception it threw, a
 *     {@link Boolean}, a {@link io.github.ramattr.PageState} or a run list such as {@code "[0,3)"}
 * @param effects the listeners told something, by name, and what
 */
record Observed(Object value, SortedMap<String, Effect> effects) {

  /** The value for a call that returned normally with nothing else to say. */
  static final String OK = "ok";

  Observed {
    effects = new TreeMap<>(effects);
  }

  /** A call that notified nobody. */
  static Observed of(Object value) {
    return new Observed(value, new TreeMap<>());
  }

  /** A call that notified the given listeners. */
  static Observed of(Object value, Map<String, Effect> effects) {
    return new Observed(value, new TreeMap<>(effects));
  }

  @Override
  public String toString() {
    return effects.isEmpty() ? String.valueOf(value) : value + " " + effects;
  }

  /**
   * The blocks a listener was told became populated and discarded during one call, as bit masks
   * (block {@code i} is bit {@code i}).
   *
   * @param populated blocks in {@code onPopulate} sections
   * @param discarded blocks in {@code onDiscard} sections
   */
  record Effect(long populated, long discarded) {
    Effect plus(Effect other) {
      return new Effect(populated | other.populated, discarded | other.discarded);
    }

    @Override
    public String toString() {
      return (populated == 0 ? "" : "+" + Blocks.runs(populated))
          + (discarded == 0 ? "" : "-" + Blocks.runs(discarded));
    }
  }

  /** Block masks of a small region: block {@code i} is bit {@code i}, at most 64 blocks. */
  static final class Blocks {
    private Blocks() {}

    /** Blocks {@code [from, to)}. */
    static long range(long from, long to) {
      long upTo = to >= 64 ? -1L : (1L << to) - 1;
      return upTo & ~((1L << from) - 1);
    }

    /** The blocks a section touches, for blocks of {@code blockSize} bytes. */
    static long of(MemoryRegionSection section, long blockSize) {
      if (section.size() == 0) {
        return 0;
      }
      long from = section.offsetWithinRegion() / blockSize;
      long to =
          RamBlockAttribute.pageCount(section.offsetWithinRegion() + section.size(), blockSize);
      return range(from, to);
    }

    /** The maximal runs of a mask, ascending, as {@code "[from,to)"} pairs; {@code ""} if empty. */
    static String runs(long mask) {
      StringBuilder text = new StringBuilder();
      long rest = mask;
      while (rest != 0) {
        int from = Long.numberOfTrailingZeros(rest);
        long fromOn = rest | ((1L << from) - 1); // every bit below from set too
        int to = fromOn == -1L ? 64 : Long.numberOfTrailingZeros(~fromOn);
        text.append('[').append(from).append(',').append(to).append(')');
        rest &= ~range(from, to);
      }
      return text.toString();
    }
  }
}
