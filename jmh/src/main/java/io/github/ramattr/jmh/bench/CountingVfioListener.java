/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.RamDiscardListener;
import io.github.ramattr.workloads.Sizes;

/**
 * A counting model of QEMU's VFIO RamDiscardListener, cheap enough to benchmark through: a populate
 * "maps" the section in 4 KiB chunks aligned within the region (one count per chunk, as VFIO issues
 * one DMA map per chunk), a discard "unmaps" the whole section with one call. It supports double
 * discard, as VFIO does.
 *
 * <p>It only counts, in constant time per callback, and keeps no mappings. That is what sets it
 * apart from the TCK's {@code io.github.ramattr.tck.VfioModelListener}, the full model: that one
 * keeps every mapping (O(log n) per callback), logs every notification and checks the IOMMU
 * protocol, which would be measured along with the store. CountingVfioListenerTest shows both count
 * the same calls and bytes. Not thread-safe (the facade calls listeners on the converting thread).
 */
public final class CountingVfioListener implements RamDiscardListener {
  private static final long CHUNK = Sizes.PAGE;

  private long maps;
  private long unmaps;
  private long mappedBytes;

  /** Creates a listener with no mappings. */
  public CountingVfioListener() {}

  @Override
  public void onPopulate(MemoryRegionSection section) {
    long start = section.offsetWithinRegion();
    long end = start + section.size();
    // One DMA map per chunk, chunk boundaries aligned within the region.
    if (end > start) {
      maps += (end - 1) / CHUNK - start / CHUNK + 1;
    }
    mappedBytes += section.size();
  }

  @Override
  public void onDiscard(MemoryRegionSection section) {
    unmaps++;
    mappedBytes -= Math.min(mappedBytes, section.size());
  }

  /** DMA map calls so far (one per 4 KiB chunk populated). */
  public long maps() {
    return maps;
  }

  /** DMA unmap calls so far (one per discard). */
  public long unmaps() {
    return unmaps;
  }

  /**
   * Bytes populated minus bytes discarded, floored at 0 (a discard of a hole counts its full size,
   * so this is exact only when discards match populates, as in the benchmarks).
   */
  public long mappedBytes() {
    return mappedBytes;
  }
}
