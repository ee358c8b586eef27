/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.spi.SharedStateStore;
import java.util.SplittableRandom;

/**
 * The seeded differential engine behind {@link SharedStateStoreDifferentialTest} and the large
 * store test of {@link SharedStateStoreContractTest}: random operations applied to a store and to a
 * {@link ReferenceModel}, each result compared at once, and the whole state (plus {@link
 * StoreInvariants}) every {@code fullCheckEvery} operations.
 *
 * <p>Pages are drawn where backends break: existing run edges and one page either side, the first
 * and last page, 64-page word boundaries, 512-page (2 MiB) boundaries, whole-store ranges. With
 * {@code nearEnds > 0} nine draws in ten of "any page" stay within {@code nearEnds} pages of either
 * end, so a huge store is exercised at both ends while ranges still span its middle.
 */
final class RandomOps {
  /** System property that overrides the default seed. */
  static final String SEED_PROPERTY = "ramattr.tck.seed";

  static final long DEFAULT_SEED = 0x72616d61747472L; // "ramattr"

  private static final int RECENT = 8;

  private final SharedStateStore store;
  private final ReferenceModel model;
  private final long pageCount;
  private final long seed;
  private final SplittableRandom random;
  private final long nearEnds;
  private final int fullCheckEvery;
  private final int lengthBits;
  private final String[] recent = new String[RECENT];
  private String op = "(none)";
  private int opIndex = -1;

  /**
   * @param store a new, all-private store
   * @param nearEnds 0, or how close to either end most drawn pages lie
   * @param fullCheckEvery how many operations between full-state comparisons
   */
  RandomOps(SharedStateStore store, long seed, long nearEnds, int fullCheckEvery) {
    this.store = store;
    this.model = new ReferenceModel(store.pageCount());
    this.pageCount = store.pageCount();
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.nearEnds = nearEnds;
    this.fullCheckEvery = fullCheckEvery;
    this.lengthBits = Math.max(1, Math.min(12, 61 - Long.numberOfLeadingZeros(pageCount)));
  }

  /** The seed: {@code -Dramattr.tck.seed=...} if set, else a fixed default. */
  static long seed() {
    return Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
  }

  /**
   * Runs {@code ops} operations.
   *
   * @throws AssertionError at the first difference; the message gives the seed, the operation's
   *     number and text, and the operations just before it
   */
  void run(int ops) {
    System.out.println(
        "[ramattr-tck] "
            + StoreInvariants.describe(store)
            + ": "
            + ops
            + " random ops, -D"
            + SEED_PROPERTY
            + "="
            + seed);
    guard("", () -> StoreInvariants.assertSameState(model, store, "initial state"));
    for (opIndex = 0; opIndex < ops; opIndex++) {
      guard("", this::step);
      if ((opIndex + 1) % fullCheckEvery == 0) {
        guard("full check after ", this::fullCheck);
      }
    }
    opIndex--;
    guard("final check after ", this::fullCheck);
  }

  /** Runs one step; a failure is rethrown with the seed, {@code where} and the recent ops. */
  private void guard(String where, Runnable action) {
    try {
      action.run();
    } catch (AssertionError | RuntimeException e) {
      StringBuilder history = new StringBuilder();
      int first = Math.max(0, opIndex - RECENT + 1);
      for (int i = first; i < opIndex; i++) {
        history.append("\n  #").append(i).append(' ').append(recent[i % RECENT]);
      }
      throw new AssertionError(
          "seed "
              + seed
              + " (-D"
              + SEED_PROPERTY
              + "="
              + seed
              + "), "
              + StoreInvariants.describe(store)
              + ", "
              + where
              + "op #"
              + opIndex
              + " "
              + op
              + ": "
              + e
              + "\nops before it:"
              + history,
          e);
    }
  }

  private void fullCheck() {
    StoreInvariants.assertSameState(model, store, "full state");
    StoreInvariants.assertInvariants(store);
  }

  private void step() {
    int kind = random.nextInt(100);
    if (kind < 22) {
      long[] r = range();
      record("setShared(" + r[0] + ", " + r[1] + ")");
      store.setShared(r[0], r[1]);
      model.setShared(r[0], r[1]);
      checkAround(r[0], r[1]);
    } else if (kind < 44) {
      long[] r = range();
      record("setPrivate(" + r[0] + ", " + r[1] + ")");
      store.setPrivate(r[0], r[1]);
      model.setPrivate(r[0], r[1]);
      checkAround(r[0], r[1]);
    } else if (kind < 54) {
      long page = position();
      record("nextShared(" + page + ")");
      same("result", model.nextShared(page), store.nextShared(page));
    } else if (kind < 64) {
      long page = position();
      record("nextPrivate(" + page + ")");
      same("result", model.nextPrivate(page), store.nextPrivate(page));
    } else if (kind < 74 && pageCount > 0) {
      long page = Math.min(position(), pageCount - 1);
      record("isShared(" + page + ")");
      if (model.isShared(page) != store.isShared(page)) {
        throw new AssertionError("result expected " + model.isShared(page));
      }
    } else if (kind < 92) {
      boolean shared = kind < 83;
      long[] r = range();
      record((shared ? "forEachSharedRun(" : "forEachPrivateRun(") + r[0] + ", " + r[1] + ")");
      StoreInvariants.assertRunsEqual(
          StoreInvariants.runs(model, r[0], r[1], shared),
          StoreInvariants.runs(store, r[0], r[1], shared),
          "visited runs");
    } else if (kind < 96) {
      record("sharedCount()");
      same("result", model.sharedCount(), store.sharedCount());
    } else {
      record("sharedRunCount()");
      same("result", model.sharedRunCount(), store.sharedRunCount());
    }
  }

  private void record(String text) {
    op = text;
    recent[opIndex % RECENT] = text;
  }

  /** After a write: the searches from the pages at and beside both bounds. */
  private void checkAround(long from, long to) {
    for (long page : new long[] {from - 1, from, to - 1, to}) {
      if (page >= 0 && page <= pageCount) {
        same("then nextShared(" + page + ")", model.nextShared(page), store.nextShared(page));
        same("then nextPrivate(" + page + ")", model.nextPrivate(page), store.nextPrivate(page));
      }
    }
  }

  private static void same(String what, long expected, long actual) {
    if (expected != actual) {
      throw new AssertionError(what + " expected " + expected + " but was " + actual);
    }
  }

  // ---------------------------------------------------------------- drawing pages

  /** A page position in {@code [0, pageCount]}, biased towards places where backends break. */
  private long position() {
    return switch (random.nextInt(12)) {
      case 0 -> clamp(random.nextInt(2));
      case 1 -> clamp(pageCount - random.nextInt(2));
      case 2, 3, 4 -> {
        long from = uniform();
        long edge = random.nextBoolean() ? model.nextShared(from) : model.nextPrivate(from);
        yield clamp(edge + random.nextInt(3) - 1);
      }
      case 5 -> clamp(uniform() & -512L);
      case 6 -> clamp((uniform() & -64L) + random.nextInt(3) - 1);
      default -> uniform();
    };
  }

  private long uniform() {
    if (nearEnds > 0 && pageCount > 2 * nearEnds && random.nextInt(10) != 0) {
      long offset = random.nextLong(nearEnds + 1);
      return random.nextBoolean() ? offset : pageCount - offset;
    }
    return random.nextLong(pageCount + 1);
  }

  /**
   * A valid range {@code {from, to}}, possibly empty. Long ranges are rare, so that runs pile up
   * between the writes that wipe many of them.
   */
  private long[] range() {
    int kind = random.nextInt(256);
    // Every third stretch of 2048 operations is calm: no long ranges, so runs pile up into the
    // hundreds and tree backends grow several levels.
    if ((opIndex >> 11) % 3 == 1 && kind < 16) {
      kind = 16;
    }
    long from;
    long to;
    if (kind == 0) {
      from = 0;
      to = pageCount;
    } else if (kind < 3) {
      long a = position();
      long b = position();
      from = Math.min(a, b);
      to = Math.max(a, b);
    } else if (kind < 16) {
      from = clamp(uniform() & -512L);
      to = clamp(from + 512L * (1 + random.nextInt(4)));
    } else {
      from = position();
      // Lengths spread over 0 .. min(2^11, pageCount / 8), most of them short.
      to = clamp(from + random.nextInt(1 << random.nextInt(lengthBits)));
    }
    return new long[] {from, to};
  }

  private long clamp(long page) {
    return Math.max(0, Math.min(page, pageCount));
  }
}
