/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

import io.github.ramattr.spi.AbstractSharedStateStore;
import org.roaringbitmap.Container;
import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RunContainer;

/**
 * Adapter from {@link SharedStateStore} to a {@link RoaringBitmap} of shared page indexes (read as
 * unsigned 32-bit values).
 *
 * <p>Range adds and removes keep run containers, which grow past the 8 KiB of a bitmap container
 * once a 2^16-page chunk holds more than about 2047 runs. {@link RoaringBitmap#runOptimize()} (each
 * container to its smallest kind) costs O(containers), so it runs after every {@code
 * max(MIN_OPTIMIZE_INTERVAL, containers)} mutations: amortised O(1) per write, and no container
 * stays oversized for long. {@link #estimatedSizeInBytes()} compacts first (optimise, then trim the
 * arrays' spare capacity) so its figure is exact for the bitmap as a long-lived user keeps it.
 */
final class RoaringStore extends AbstractSharedStateStore {
  private static final int MIN_OPTIMIZE_INTERVAL = 1024;

  // JOL layout with compressed oops: 12-byte headers, 4-byte references, 8-byte alignment.
  private static final long STORE_BYTES = 32; // header, long pageCount (super), reference, two ints
  private static final long BITMAP_BYTES = 16; // RoaringBitmap: header, highLowContainer
  private static final long ARRAY_BYTES = 24; // RoaringArray: header, keys, values, size
  private static final long CONTAINER_BYTES = 24; // any container: header, array ref, int
  private static final long BITMAP_WORDS_BYTES = 16 + 8 * 1024;

  private final RoaringBitmap bitmap = new RoaringBitmap();
  private int mutationsSinceOptimize;
  private int optimizeInterval = MIN_OPTIMIZE_INTERVAL;

  RoaringStore(long pageCount) {
    super(pageCount, RoaringProvider.MAX_PAGES, RoaringProvider.NAME);
  }

  @Override
  protected boolean doIsShared(long page) {
    return bitmap.contains((int) page);
  }

  @Override
  protected long doNext(long fromPage, boolean shared) {
    if (shared) {
      long next = bitmap.nextValue((int) fromPage);
      return next < 0 ? pageCount() : next;
    }
    // Pages past pageCount are never shared, so the first absent value is at most pageCount;
    // at 2^32 pages with every page shared Roaring answers -1 (no absent 32-bit value).
    long next = bitmap.nextAbsentValue((int) fromPage);
    return next < 0 ? pageCount() : Math.min(next, pageCount());
  }

  @Override
  protected void doSet(long fromPage, long toPage, boolean shared) {
    if (shared) {
      bitmap.add(fromPage, toPage);
    } else {
      bitmap.remove(fromPage, toPage);
    }
    mutated();
  }

  private void mutated() {
    if (++mutationsSinceOptimize >= optimizeInterval) {
      bitmap.runOptimize();
      mutationsSinceOptimize = 0;
      optimizeInterval = Math.max(MIN_OPTIMIZE_INTERVAL, containers());
    }
  }

  private int containers() {
    int count = 0;
    for (ContainerPointer p = bitmap.getContainerPointer(); p.getContainer() != null; p.advance()) {
      count++;
    }
    return count;
  }

  @Override
  public long sharedCount() {
    return bitmap.getLongCardinality();
  }

  /**
   * Retained bytes of this adapter and its bitmap, computed from the container kinds and sizes
   * after compaction (run-optimise and trim; the set of shared pages does not change).
   */
  @Override
  public long estimatedSizeInBytes() {
    bitmap.runOptimize();
    bitmap.trim();
    mutationsSinceOptimize = 0;
    long containers = 0;
    long bytes = STORE_BYTES + BITMAP_BYTES + ARRAY_BYTES;
    for (ContainerPointer p = bitmap.getContainerPointer(); p.getContainer() != null; p.advance()) {
      containers++;
      Container container = p.getContainer();
      bytes += CONTAINER_BYTES;
      if (p.isBitmapContainer()) {
        bytes += BITMAP_WORDS_BYTES;
      } else if (p.isRunContainer()) {
        bytes += charArray(2L * ((RunContainer) container).numberOfRuns());
      } else {
        bytes += charArray(container.getCardinality());
      }
    }
    return bytes + charArray(containers) + align(16 + 4 * containers);
  }

  private static long charArray(long length) {
    return align(16 + 2 * length);
  }

  private static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  @Override
  public String toString() {
    return "RoaringStore{pageCount=" + pageCount() + ", shared=" + sharedCount() + '}';
  }
}
