/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The reference model against the most literal store there is, one {@code boolean} per page: seeded
 * random writes, and after each one every query the model answers, at every page.
 *
 * <p>The second test reaches page counts no array can hold ({@link Long#MAX_VALUE} pages): when
 * every write starts and ends within {@value #WINDOW} pages of either end, the pages in between are
 * always written together, so they share one state and one {@code boolean} stands for all of them.
 */
class ReferenceModelBruteForceTest {
  private static final long SEED = 0x746f67676c6573L; // "toggles"
  private static final int WINDOW = 40;

  /**
   * Page -> slot of the brute-force array, and back. With a window, pages {@code [window, pageCount
   * - window)} share the middle slot; the page count must then exceed {@code 2 * window}.
   */
  private record Pages(long pageCount, int window) {
    /** Array length: every page, or the two windows plus one slot for the middle. */
    int slots() {
      return compressed() ? 2 * window + 1 : (int) pageCount;
    }

    /** Whether the middle pages share a slot (a window of 0 means one slot per page). */
    boolean compressed() {
      return window > 0;
    }

    int slotOf(long page) {
      if (!compressed() || page < window) {
        return (int) page;
      }
      return page >= pageCount - window ? (int) (page - (pageCount - window)) + window + 1 : window;
    }

    /** The first page of a slot (the middle slot's first page is {@code window}). */
    long pageOf(int slot) {
      if (!compressed() || slot <= window) {
        return slot;
      }
      return pageCount - window + (slot - window - 1);
    }

    /** A position (page or {@code pageCount}) within the windows, which is all writes may use. */
    long draw(SplittableRandom random) {
      if (!compressed()) {
        return random.nextLong(pageCount + 1);
      }
      long offset = random.nextInt(window + 1);
      return random.nextBoolean() ? offset : pageCount - offset;
    }
  }

  @Test
  void smallPageCounts_randomWrites_matchBooleanArray() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (long pageCount = 0; pageCount <= 70; pageCount++) {
      run(new Pages(pageCount, 0), random.split(), 300);
    }
  }

  @Test
  void hugePageCounts_writesNearBothEnds_matchCompressedBooleanArray() {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    for (long pageCount : new long[] {(1L << 36) + 17, Long.MAX_VALUE - 1, Long.MAX_VALUE}) {
      run(new Pages(pageCount, WINDOW), random.split(), 2000);
    }
  }

  private static void run(Pages pages, SplittableRandom random, int writes) {
    long pageCount = pages.pageCount();
    ReferenceModel model = new ReferenceModel(pageCount);
    boolean[] shared = new boolean[pages.slots()];
    String context = "pageCount " + pageCount + ", seed " + SEED;
    compare(pages, model, shared, random, context + ", initial state");
    for (int i = 0; i < writes && pageCount > 0; i++) {
      long a = pages.draw(random);
      long b = pages.draw(random);
      long from = Math.min(a, b);
      long to = Math.max(a, b);
      boolean toShared = random.nextInt(5) < 3;
      if (toShared) {
        model.setShared(from, to);
      } else {
        model.setPrivate(from, to);
      }
      int fromSlot = from == pageCount ? shared.length : pages.slotOf(from);
      int toSlot = to == pageCount ? shared.length : pages.slotOf(to);
      for (int slot = fromSlot; slot < toSlot; slot++) {
        shared[slot] = toShared;
      }
      compare(
          pages,
          model,
          shared,
          random,
          context + ", write #" + i + " [" + from + ", " + to + ") to " + toShared);
    }
  }

  /**
   * Every query of the model against the array: per page, per position, per run, in total, and both
   * run walks over the whole store and over random windows.
   */
  private static void compare(
      Pages pages,
      ReferenceModel model,
      boolean[] shared,
      SplittableRandom random,
      String context) {
    long pageCount = pages.pageCount();
    NavigableMap<Long, Long> sharedRuns = new TreeMap<>();
    NavigableMap<Long, Long> privateRuns = new TreeMap<>();
    long sharedPages = 0;
    for (int slot = 0; slot < shared.length; slot++) {
      long page = pages.pageOf(slot);
      long slotEnd = slot + 1 < shared.length ? pages.pageOf(slot + 1) : pageCount;
      assertEquals(shared[slot], model.isShared(page), context + ": isShared(" + page + ")");
      assertEquals(
          shared[slot], model.isShared(slotEnd - 1), context + ": isShared(" + (slotEnd - 1) + ")");
      assertEquals(
          firstFrom(pages, shared, slot, true),
          model.nextShared(page),
          context + ": nextShared(" + page + ")");
      assertEquals(
          firstFrom(pages, shared, slot, false),
          model.nextPrivate(page),
          context + ": nextPrivate(" + page + ")");
      if (shared[slot]) {
        sharedPages += slotEnd - page;
      }
      NavigableMap<Long, Long> runs = shared[slot] ? sharedRuns : privateRuns;
      if (slot > 0 && shared[slot - 1] == shared[slot]) {
        runs.put(runs.lastKey(), slotEnd);
      } else {
        runs.put(page, slotEnd);
      }
    }
    assertEquals(pageCount, model.nextShared(pageCount), context + ": nextShared(pageCount)");
    assertEquals(pageCount, model.nextPrivate(pageCount), context + ": nextPrivate(pageCount)");
    assertEquals(sharedRuns, model.runs(), context + ": runs");
    assertEquals(sharedPages, model.sharedCount(), context + ": sharedCount");
    assertEquals(sharedRuns.size(), model.sharedRunCount(), context + ": sharedRunCount");
    for (int i = 0; i < 4; i++) {
      long a = i == 0 ? 0 : pages.draw(random);
      long b = i == 0 ? pageCount : pages.draw(random);
      long from = Math.min(a, b);
      long to = Math.max(a, b);
      String window = context + ": walk [" + from + ", " + to + ")";
      NavigableMap<Long, Long> walked = new TreeMap<>();
      model.forEachSharedRun(from, to, walked::put);
      assertEquals(clip(sharedRuns, from, to), walked, window + " of shared runs");
      walked.clear();
      model.forEachPrivateRun(from, to, walked::put);
      assertEquals(clip(privateRuns, from, to), walked, window + " of private runs");
    }
  }

  /** The runs that meet {@code [from, to)}, clipped to it. */
  private static NavigableMap<Long, Long> clip(NavigableMap<Long, Long> runs, long from, long to) {
    NavigableMap<Long, Long> clipped = new TreeMap<>();
    runs.forEach(
        (start, end) -> {
          if (Math.max(start, from) < Math.min(end, to)) {
            clipped.put(Math.max(start, from), Math.min(end, to));
          }
        });
    return clipped;
  }

  /** The first page at or after slot {@code slot} in state {@code state}, or pageCount. */
  private static long firstFrom(Pages pages, boolean[] shared, int slot, boolean state) {
    for (int s = slot; s < shared.length; s++) {
      if (shared[s] == state) {
        return pages.pageOf(s);
      }
    }
    return pages.pageCount();
  }
}
