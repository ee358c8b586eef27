/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.bitmap;

import static io.github.ramattr.bitmap.BitmapStore.PAGES_PER_CHUNK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jol.info.GraphLayout;

/** {@code estimatedSizeInBytes()} against JOL's measurement of the whole store graph. */
class BitmapStoreJolTest {
  private static final long P = PAGES_PER_CHUNK;

  private static BitmapStore store(long pageCount) {
    return (BitmapStore) new BitmapStoreProvider().create(pageCount);
  }

  private static BitmapStore scattered(long pageCount, int pages, long seed) {
    BitmapStore store = store(pageCount);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < pages; i++) {
      long page = random.nextLong(pageCount);
      store.setShared(page, page + 1);
    }
    return store;
  }

  static Stream<Arguments> states() {
    return Stream.of(
        state("empty, 0 pages", () -> store(0)),
        state("empty, 1 page", () -> store(1)),
        state(
            "65 pages, one run",
            () -> {
              BitmapStore s = store(65);
              s.setShared(3, 64);
              return s;
            }),
        state("empty, 2^20 pages", () -> store(1L << 20)),
        state(
            "full, 2^20 pages",
            () -> {
              BitmapStore s = store(1L << 20);
              s.setShared(0, 1L << 20);
              return s;
            }),
        state(
            "full, 2^18+100 pages (partial last chunk)",
            () -> {
              BitmapStore s = store(P + 100);
              s.setShared(0, P + 100);
              return s;
            }),
        state(
            "full with one page cleared (copied chunk)",
            () -> {
              BitmapStore s = store(4 * P);
              s.setShared(0, 4 * P);
              s.setPrivate(P + 1, P + 2);
              return s;
            }),
        state("partially touched, 2^22 pages, 40 pages", () -> scattered(1L << 22, 40, 1)),
        state("2^28 pages, 200 scattered pages", () -> scattered(1L << 28, 200, 2)),
        state(
            "alternate pages, 2^18 pages",
            () -> {
              BitmapStore s = store(P);
              for (long page = 0; page < P; page += 2) {
                s.setShared(page, page + 1);
              }
              return s;
            }),
        state(
            "2^36+5 pages, both ends touched, middle full",
            () -> {
              long n = (1L << 36) + 5;
              BitmapStore s = store(n);
              s.setShared(7, n - 7);
              return s;
            }));
  }

  private static Arguments state(String name, Supplier<BitmapStore> store) {
    return Arguments.of(name, store);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("states")
  void estimatedSizeInBytes_state_withinTenPercentOfJol(String name, Supplier<BitmapStore> make) {
    BitmapStore store = make.get();
    long measured = GraphLayout.parseInstance(store).totalSize();
    long estimated = store.estimatedSizeInBytes();
    System.out.println("[bitmap-jol] " + name + ": JOL " + measured + " B, estimated " + estimated);
    assertTrue(
        Math.abs(estimated - measured) <= measured / 10,
        name + ": estimated " + estimated + " B, JOL measured " + measured + " B");
  }

  /**
   * README.md's "Which backend when" table quotes an untouched bitmap store as 40 bytes (the store
   * object and the slot array's header) plus 4 bytes (one compressed reference) per 1 GiB chunk
   * slot, rounded up to 8; JOL is deterministic for a layout. Even slot counts need no rounding.
   */
  @ParameterizedTest
  @ValueSource(longs = {2, 64, 1024})
  void untouchedStore_fixedBytesPlusFourPerGiBSlot_asTheReadmeQuotes(long gib) {
    long measured = GraphLayout.parseInstance(store(gib * P)).totalSize();
    assertEquals(40 + 4 * gib, measured, gib + " GiB untouched");
  }
}
