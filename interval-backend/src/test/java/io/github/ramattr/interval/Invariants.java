package io.github.ramattr.interval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.spi.SharedStateStore;
import java.util.ArrayList;
import java.util.List;

/** Structural checks on a store, run by the tests after every mutation. */
final class Invariants {
  private Invariants() {}

  /** The shared runs of {@code store} as {start, end} pairs, ascending. */
  static List<long[]> sharedRuns(SharedStateStore store, long fromPage, long toPage) {
    List<long[]> runs = new ArrayList<>();
    store.forEachSharedRun(fromPage, toPage, (from, to) -> runs.add(new long[] {from, to}));
    return runs;
  }

  /** The private runs of {@code store} as {start, end} pairs, ascending. */
  static List<long[]> privateRuns(SharedStateStore store, long fromPage, long toPage) {
    List<long[]> runs = new ArrayList<>();
    store.forEachPrivateRun(fromPage, toPage, (from, to) -> runs.add(new long[] {from, to}));
    return runs;
  }

  /**
   * Checks that shared runs are non-empty, ascending and never touch, that private runs are exactly
   * their complement, that the counts agree with the runs, and that {@code nextShared}, {@code
   * nextPrivate} and {@code isShared} agree with the runs at every run boundary.
   */
  static void assertInvariants(SharedStateStore store, String context) {
    long pageCount = store.pageCount();
    List<long[]> shared = sharedRuns(store, 0, pageCount);
    List<long[]> priv = privateRuns(store, 0, pageCount);
    long cursor = 0;
    long sharedPages = 0;
    int s = 0;
    int p = 0;
    // Walk both lists together: they must alternate and tile [0, pageCount) exactly.
    boolean lastShared = false;
    boolean first = true;
    while (cursor < pageCount) {
      long[] run;
      boolean isSharedRun;
      if (s < shared.size() && shared.get(s)[0] == cursor) {
        run = shared.get(s++);
        isSharedRun = true;
      } else if (p < priv.size() && priv.get(p)[0] == cursor) {
        run = priv.get(p++);
        isSharedRun = false;
      } else {
        throw new AssertionError(context + ": no run starts at page " + cursor + " in " + store);
      }
      assertTrue(run[0] < run[1], () -> context + ": empty run at " + run[0]);
      assertTrue(first || isSharedRun != lastShared, () -> context + ": runs touch at " + run[0]);
      assertEquals(
          isSharedRun ? run[0] : run[1], store.nextShared(run[0]), context + " nextShared");
      assertEquals(
          isSharedRun ? run[1] : run[0], store.nextPrivate(run[0]), context + " nextPrivate");
      assertEquals(isSharedRun, store.isShared(run[0]), context + " isShared(start)");
      assertEquals(isSharedRun, store.isShared(run[1] - 1), context + " isShared(end - 1)");
      if (isSharedRun) {
        sharedPages += run[1] - run[0];
      }
      lastShared = isSharedRun;
      first = false;
      cursor = run[1];
    }
    assertEquals(shared.size(), s, context + ": shared runs past the end");
    assertEquals(priv.size(), p, context + ": private runs past the end");
    assertEquals(pageCount, store.nextShared(pageCount), context);
    assertEquals(pageCount, store.nextPrivate(pageCount), context);
    assertEquals(sharedPages, store.sharedCount(), context + " sharedCount");
    assertEquals(shared.size(), store.sharedRunCount(), context + " sharedRunCount");
  }
}
