/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.interval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.tck.ReferenceModel;
import io.github.ramattr.tck.StoreInvariants;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random operation streams run on a backend and on {@link ReferenceModel} side by side;
 * after every operation every query must agree, and the structural invariants must hold. A failure
 * names backend, seed and operation number, which replay it exactly.
 */
class SeededDifferentialTest {
  private static final int OPS = 600;

  /** Positions cluster near these bases, so huge blocks still get collisions, splits and merges. */
  private static final long[] HUGE_BASES = {0, 1L << 32, 1L << 52, 1L << 62, Long.MAX_VALUE - 1000};

  static Stream<Arguments> smallBlocks() {
    List<Arguments> cases = new ArrayList<>();
    for (String backend : List.of("interval", "interval-primitive")) {
      for (long seed = 1; seed <= 12; seed++) {
        cases.add(Arguments.of(backend, seed));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("smallBlocks")
  void randomOps_smallBlock_matchesReferenceModel(String backend, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long pageCount = 1L + random.nextInt(150);
    run(backend, seed, pageCount, random, () -> random.nextLong(pageCount + 1));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("smallBlocks")
  void randomOps_maxPageCount_matchesReferenceModel(String backend, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long pageCount = Long.MAX_VALUE;
    run(
        backend,
        seed,
        pageCount,
        random,
        () -> HUGE_BASES[random.nextInt(HUGE_BASES.length)] + random.nextInt(1001));
  }

  private interface Positions {
    long next();
  }

  private static void run(
      String backend, long seed, long pageCount, SplittableRandom random, Positions positions) {
    SharedStateStore store = SharedStateStores.create(backend, pageCount);
    ReferenceModel model = new ReferenceModel(pageCount);
    for (int op = 0; op < OPS; op++) {
      String context = backend + " seed " + seed + " op " + op + " pageCount " + pageCount;
      long a = positions.next();
      long b = positions.next();
      long from = Math.min(a, b);
      long to = Math.max(a, b);
      int kind = random.nextInt(10);
      if (kind < 4) {
        store.setShared(from, to);
        model.setShared(from, to);
      } else if (kind < 8) {
        store.setPrivate(from, to);
        model.setPrivate(from, to);
      } else if (kind == 8 && from < to) {
        // Rejected call: reversed bounds, must change nothing.
        assertThrows(IllegalArgumentException.class, () -> store.setShared(to, from), context);
      } else {
        assertThrows(
            IndexOutOfBoundsException.class,
            () -> store.setPrivate(from, pageCount == Long.MAX_VALUE ? -1 : pageCount + 1),
            context);
      }
      compare(store, model, positions, context);
    }
  }

  private static void compare(
      SharedStateStore store, ReferenceModel model, Positions positions, String context) {
    StoreInvariants.assertSameState(model, store, context);
    try {
      StoreInvariants.assertInvariants(store);
    } catch (AssertionError e) {
      throw new AssertionError(context + ": " + e.getMessage(), e);
    }
    for (int probe = 0; probe < 8; probe++) {
      long page = Math.min(positions.next(), store.pageCount());
      assertEquals(model.nextShared(page), store.nextShared(page), context + " nextShared " + page);
      assertEquals(
          model.nextPrivate(page), store.nextPrivate(page), context + " nextPrivate " + page);
      if (page < store.pageCount()) {
        assertEquals(model.isShared(page), store.isShared(page), context + " isShared " + page);
      }
      long other = Math.min(positions.next(), store.pageCount());
      long from = Math.min(page, other);
      long to = Math.max(page, other);
      for (boolean shared : new boolean[] {true, false}) {
        StoreInvariants.assertRunsEqual(
            StoreInvariants.runs(model, from, to, shared),
            StoreInvariants.runs(store, from, to, shared),
            context + (shared ? " shared" : " private") + " runs in [" + from + ", " + to + ")");
      }
    }
    assertEquals(model.sharedCount(), store.sharedCount(), context + " sharedCount");
    assertEquals(model.sharedRunCount(), store.sharedRunCount(), context + " sharedRunCount");
  }
}
