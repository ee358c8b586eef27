/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.ramattr.spi.SharedStateStore;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The maple store's split and merge stay allocation-free edits of one leaf at every density the
 * split/merge benchmark can be asked for, including runs so dense that two full sparse leaves lie
 * within one bitmap span (4 * 10^5 to 10^6 runs in 64 GiB): there the merge test once decoded and
 * packed the pair on every edit (27 KB and about 45 us per split and merge). Counted with the JVM's
 * per-thread allocation counter, which is exact; the bound leaves room for the counter's own
 * bookkeeping, not for one decode.
 */
class MapleDenseSplitAllocationTest {

  @ParameterizedTest(name = "{0} runs in 64 GiB")
  @ValueSource(longs = {100_000, 400_000, 700_000})
  void splitAndMerge_allocateNothing(long runs) {
    assumeTrue(
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "no per-thread allocation counter on this JVM");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    SharedStateStore store = BenchmarkBlocks.build("maple", "fragment-" + runs, 64);
    long[] pages = BenchmarkBlocks.spreadPagesInsideRuns(store, 512, runs);
    for (long p : pages) { // once, so that a leaf a split overfills is split before counting
      store.setPrivate(p, p + 1);
      store.setShared(p, p + 1);
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int round = 0; round < 4; round++) {
      for (long p : pages) {
        store.setPrivate(p, p + 1);
        store.setShared(p, p + 1);
      }
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertEquals(runs, store.sharedRunCount());
    assertTrue(
        allocated < 16 * 1024, allocated + " bytes allocated by 2048 splits and merges, " + store);
  }
}
