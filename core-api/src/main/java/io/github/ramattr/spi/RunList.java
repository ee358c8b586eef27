/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A growable list of runs {@code [from, to)} in one {@code long[]}, without boxing: what a walk
 * collects when the runs are needed after it (a rollback, a benchmark's setup, a test's
 * comparison). {@code runs::add} is a {@link RunVisitor}. Not thread-safe.
 */
public final class RunList {
  /** {@code from0, to0, from1, to1, ...}; only the first {@code 2 * size} are runs. */
  private long[] bounds = new long[16];

  private int size;

  /** Creates an empty list. */
  public RunList() {}

  /**
   * Appends the run {@code [from, to)}. Nothing is checked: the list keeps what it is given.
   *
   * @param from first position of the run
   * @param to one past the last position of the run
   * @throws OutOfMemoryError if the list would exceed 2^30 runs
   */
  public void add(long from, long to) {
    if (2 * size == bounds.length) {
      if (bounds.length > Integer.MAX_VALUE / 4) {
        throw new OutOfMemoryError("RunList of " + size + " runs cannot grow");
      }
      bounds = Arrays.copyOf(bounds, 2 * bounds.length);
    }
    bounds[2 * size] = from;
    bounds[2 * size + 1] = to;
    size++;
  }

  /**
   * The number of runs.
   *
   * @return how many runs were added
   */
  public int size() {
    return size;
  }

  /**
   * The start of run {@code index}.
   *
   * @param index in {@code [0, size())}
   * @return its first position
   * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, size())}
   */
  public long from(int index) {
    return bounds[2 * Objects.checkIndex(index, size)];
  }

  /**
   * The end of run {@code index}.
   *
   * @param index in {@code [0, size())}
   * @return one past its last position
   * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, size())}
   */
  public long to(int index) {
    return bounds[2 * Objects.checkIndex(index, size) + 1];
  }

  /**
   * The runs as {@code from0, to0, from1, to1, ...}.
   *
   * @return a new array of {@code 2 * size()} positions
   */
  public long[] toArray() {
    return Arrays.copyOf(bounds, 2 * size);
  }

  /** The runs, as {@code [from, to)} pairs; all of them, for a list that is not huge. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("RunList[");
    for (int i = 0; i < size; i++) {
      text.append(i == 0 ? "[" : " [").append(bounds[2 * i]).append(", ");
      text.append(bounds[2 * i + 1]).append(')');
    }
    return text.append(']').toString();
  }
}
