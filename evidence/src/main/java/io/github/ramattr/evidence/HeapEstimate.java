/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStores;

/**
 * Estimates, before building, the heap a backend's store needs for {@code runs} shared runs on
 * {@code pages} pages, so the census can skip (with the figure as its reason) a cell that cannot
 * fit instead of running out of memory.
 *
 * <p>A pilot store of the same page count gets up to {@value #PILOT_RUNS} runs at the same density
 * as the real layout (one run per {@code pages / runs} pages); the bytes it added per run, times
 * {@code runs}, plus the empty store's bytes, is the estimate. Keeping the density makes chunked
 * bitmaps pay for their chunks as they will, and run-based stores for their runs.
 */
public final class HeapEstimate {
  static final long PILOT_RUNS = 65_536;

  private HeapEstimate() {}

  /**
   * Estimated retained bytes of backend {@code backend} holding {@code runs} runs on {@code pages}
   * pages.
   *
   * @throws IllegalArgumentException if the backend is unknown or cannot hold {@code pages}
   */
  public static long bytes(String backend, long pages, long runs) {
    SharedStateStore pilot = SharedStateStores.create(backend, pages);
    long empty = pilot.estimatedSizeInBytes();
    if (runs <= 0) {
      return empty;
    }
    long gap = Math.max(2, pages / runs);
    long pilotRuns = Math.min(runs, Math.min(PILOT_RUNS, pages / gap));
    long length = Math.max(1, gap / 2);
    for (long i = 0; i < pilotRuns; i++) {
      pilot.setShared(i * gap, i * gap + length);
    }
    double perRun = (double) (pilot.estimatedSizeInBytes() - empty) / Math.max(1, pilotRuns);
    return empty + (long) Math.ceil(perRun * runs);
  }

  /**
   * Heap still free for new objects after a collection, less a safety margin of 1/16 of the max.
   */
  public static long available() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    long used = runtime.totalMemory() - runtime.freeMemory();
    return runtime.maxMemory() - used - runtime.maxMemory() / 16;
  }
}
