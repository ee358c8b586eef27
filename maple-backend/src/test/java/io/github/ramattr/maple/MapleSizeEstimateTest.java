/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.ramattr.evidence.Census;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.vm.VM;
import org.openjdk.jol.vm.VirtualMachine;

/**
 * {@link MapleStore#estimatedSizeInBytes} is the JOL size of the store's object graph to the byte,
 * on the layout its formulas assume (compressed oops, 8-byte alignment, 16-byte array headers), for
 * every kind of node and leaf: the constants counted once, sparse leaves of every padding, dense
 * leaves, internal nodes of several fan-outs. Small shapes, so it is fast; {@link MapleMemoryTest}
 * covers the large ones within 10%.
 */
class MapleSizeEstimateTest {

  @BeforeAll
  static void layoutAsAssumed() {
    VirtualMachine vm = VM.current();
    assumeTrue(
        vm.objectAlignment() == 8
            && vm.objectHeaderSize() == 12
            && vm.arrayHeaderSize() == 16
            && vm.sizeOf(new Object[2]) == 24,
        "the formulas assume compressed oops and 8-byte alignment: " + vm.details());
  }

  private static void assertExact(MapleStore store, String what) {
    MapleInvariants.check(store);
    assertEquals(Census.jolBytes(store), store.estimatedSizeInBytes(), what + ": " + store);
  }

  @Test
  void constantLeaves() {
    MapleStore store = new MapleStore(1 << 20);
    assertExact(store, "all private");
    store.setShared(0, 1 << 20);
    assertExact(store, "all shared");
    assertExact(new MapleStore(0), "empty");
  }

  @Test
  void sparseLeaves_everyPadding() {
    // Runs [1, 2), [3, 4), ...: sparse leaves of 3, 5, 7, ... bytes (16 + n rounded up to 8).
    MapleStore store = new MapleStore(1 << 20);
    for (int run = 0; run < 12; run++) {
      store.setShared(2L * run + 1, 2L * run + 2);
      assertExact(store, run + 1 + " runs");
    }
    store.setShared(1L << 19, 1L << 20); // a toggle with a 3-byte varint
    assertExact(store, "far toggle");
  }

  @Test
  void denseLeaves_andNodes() {
    MapleStore store = new MapleStore(1 << 16);
    for (long page = 1; page < 1 << 16; page += 2) {
      store.setShared(page, page + 1);
    }
    assertExact(store, "two bitmaps under a root");
    store.setPrivate(1 << 15, 3 << 14);
    assertExact(store, "a bitmap and a shorter leaf");
  }

  @Test
  void deepTrees_bothConstantsShared() {
    SplittableRandom rnd = new SplittableRandom(5);
    MapleStore store = new MapleStore(1 << 16, MapleDifferentialTest.TINY);
    for (int i = 0; i < 600; i++) {
      long a = rnd.nextLong(1 << 16);
      long b = Math.min(1 << 16, a + 1 + rnd.nextInt(i % 50 == 49 ? 5000 : 6));
      if (rnd.nextInt(3) > 0) {
        store.setShared(a, b);
      } else {
        store.setPrivate(a, b);
      }
      if (i % 100 == 99) {
        assertExact(store, "tiny limits, step " + i);
      }
    }
  }
}
