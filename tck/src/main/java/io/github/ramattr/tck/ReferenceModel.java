/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.spi.Checks;
import io.github.ramattr.spi.SharedStateStore;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The reference store the TCK compares every backend with: the shared runs in a {@link TreeMap}
 * from start to end, kept maximal. Written for obviousness, not speed: every operation reads as its
 * definition, and it holds one entry per run, so it models stores of 2^63 pages.
 */
public final class ReferenceModel implements SharedStateStore {
  private final long pageCount;

  /** start -> end (exclusive) of each shared run; runs never overlap nor touch. */
  private final NavigableMap<Long, Long> runs = new TreeMap<>();

  /**
   * A model of {@code pageCount} pages, all private.
   *
   * @throws IllegalArgumentException if {@code pageCount} is negative
   */
  public ReferenceModel(long pageCount) {
    this.pageCount = Checks.checkPageCount(pageCount, Long.MAX_VALUE, "reference");
  }

  /** A copy of the runs, start to end. */
  public NavigableMap<Long, Long> runs() {
    return new TreeMap<>(runs);
  }

  @Override
  public long pageCount() {
    return pageCount;
  }

  @Override
  public boolean isShared(long page) {
    Checks.checkPage(page, pageCount);
    Map.Entry<Long, Long> run = runs.floorEntry(page);
    return run != null && page < run.getValue();
  }

  @Override
  public long nextShared(long fromPage) {
    Checks.checkPosition(fromPage, pageCount);
    if (fromPage == pageCount) {
      return pageCount;
    }
    if (isShared(fromPage)) {
      return fromPage;
    }
    Long next = runs.higherKey(fromPage);
    return next == null ? pageCount : next;
  }

  @Override
  public long nextPrivate(long fromPage) {
    Checks.checkPosition(fromPage, pageCount);
    if (fromPage == pageCount) {
      return pageCount;
    }
    Map.Entry<Long, Long> run = runs.floorEntry(fromPage);
    return run != null && fromPage < run.getValue() ? run.getValue() : fromPage;
  }

  @Override
  public void setShared(long fromPage, long toPage) {
    Checks.checkRange(fromPage, toPage, pageCount);
    if (fromPage == toPage) {
      return;
    }
    long start = fromPage;
    long end = toPage;
    // Absorb a run that overlaps or touches on the left ...
    Map.Entry<Long, Long> left = runs.floorEntry(start);
    if (left != null && left.getValue() >= start) {
      start = left.getKey();
      end = Math.max(end, left.getValue());
    }
    // ... and every run that starts inside or right at the end of [start, end].
    Map.Entry<Long, Long> right;
    while ((right = runs.ceilingEntry(start)) != null && right.getKey() <= end) {
      end = Math.max(end, right.getValue());
      runs.remove(right.getKey());
    }
    runs.put(start, end);
  }

  @Override
  public void setPrivate(long fromPage, long toPage) {
    Checks.checkRange(fromPage, toPage, pageCount);
    if (fromPage == toPage) {
      return;
    }
    // A run that starts before fromPage and reaches into the range keeps its left part, and its
    // right part if it reaches past toPage.
    Map.Entry<Long, Long> left = runs.lowerEntry(fromPage);
    if (left != null && left.getValue() > fromPage) {
      runs.put(left.getKey(), fromPage);
      if (left.getValue() > toPage) {
        runs.put(toPage, left.getValue());
      }
    }
    Map.Entry<Long, Long> inside;
    while ((inside = runs.ceilingEntry(fromPage)) != null && inside.getKey() < toPage) {
      runs.remove(inside.getKey());
      if (inside.getValue() > toPage) {
        runs.put(toPage, inside.getValue());
      }
    }
  }

  @Override
  public long sharedCount() {
    long count = 0;
    for (Map.Entry<Long, Long> run : runs.entrySet()) {
      count += run.getValue() - run.getKey();
    }
    return count;
  }

  @Override
  public long sharedRunCount() {
    return runs.size();
  }

  /** A rough figure (TreeMap entry plus two boxed longs per run); the model is not measured. */
  @Override
  public long estimatedSizeInBytes() {
    return 48 + 72L * runs.size();
  }

  @Override
  public String toString() {
    return "ReferenceModel{pageCount=" + pageCount + ", runs=" + runs + '}';
  }
}
