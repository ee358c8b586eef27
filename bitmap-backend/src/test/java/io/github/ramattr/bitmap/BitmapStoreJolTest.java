/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.bitmap;

import static io.github.ramattr.bitmap.BitmapStore.PAGES_PER_CHUNK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workload;
import io.github.ramattr.workloads.Workloads;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code estimatedSizeInBytes()} against JOL's measurement of the whole store graph ({@link
 * Census#jolBytes}): on hand-made shapes (chunk edges, partial chunks, 2^36 pages), and on the
 * memory census's rows of every workload at 1 GiB and 64 GiB, as the report measures them.
 */
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
    long measured = Census.jolBytes(store);
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
    long measured = Census.jolBytes(store(gib * P));
    assertEquals(40 + 4 * gib, measured, gib + " GiB untouched");
  }

  static Stream<Arguments> censusCells() {
    List<Arguments> cells = new ArrayList<>();
    for (long size : new long[] {Sizes.GIB, 64 * Sizes.GIB}) {
      for (Workload w : Workloads.census()) {
        if (w.unsupported(size).isEmpty()) {
          cells.add(Arguments.of(w.name(), size));
        }
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0} at {1} bytes")
  @MethodSource("censusCells")
  void estimatedSizeInBytes_censusRow_withinTenPercentOfJol(String workload, long regionSize) {
    Census.Row row = Census.row("bitmap", Workloads.byName(workload), regionSize);
    System.out.println(
        "[bitmap-census] "
            + workload
            + " at "
            + Sizes.format(regionSize)
            + ": runs "
            + row.runs()
            + ", JOL "
            + row.bytes()
            + " B, estimated "
            + row.estimatedBytes());
    assertTrue(
        Math.abs(row.estimatedBytes() - row.bytes()) <= row.bytes() / 10,
        workload + ": estimated " + row.estimatedBytes() + " B, JOL measured " + row.bytes());
  }
}
