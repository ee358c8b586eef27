/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.bitmap;

import static io.github.ramattr.bitmap.BitmapStore.PAGES_PER_CHUNK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.bitmap.BitmapStore.ChunkKind;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.tck.ReferenceModel;
import io.github.ramattr.tck.StoreInvariants;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the TCK cannot see: word and chunk boundaries, FULL and absent chunks, huge stores. */
class BitmapStoreTest {
  private static final long P = PAGES_PER_CHUNK;

  private static BitmapStore store(long pageCount) {
    return (BitmapStore) new BitmapStoreProvider().create(pageCount);
  }

  private static List<ChunkKind> kinds(BitmapStore store) {
    ChunkKind[] kinds = new ChunkKind[(int) ((store.pageCount() + P - 1) / P)];
    for (int c = 0; c < kinds.length; c++) {
      kinds[c] = store.chunkKind(c);
    }
    return Arrays.asList(kinds);
  }

  /** Applies one write to the store and the model, then compares them and checks invariants. */
  private static void both(
      BitmapStore store,
      ReferenceModel model,
      BiConsumer<SharedStateStore, long[]> write,
      long from,
      long to,
      String context) {
    write.accept(store, new long[] {from, to});
    write.accept(model, new long[] {from, to});
    StoreInvariants.assertSameState(model, store, context);
    StoreInvariants.assertInvariants(store);
  }

  private static final BiConsumer<SharedStateStore, long[]> SET_SHARED = BitmapStoreTest::setShared;
  private static final BiConsumer<SharedStateStore, long[]> SET_PRIVATE =
      BitmapStoreTest::setPrivate;

  private static void setShared(SharedStateStore s, long[] range) {
    s.setShared(range[0], range[1]);
  }

  private static void setPrivate(SharedStateStore s, long[] range) {
    s.setPrivate(range[0], range[1]);
  }

  /** Every range between interesting points, on three backgrounds, both writes. */
  private static void allRanges(long pageCount, long[] points) {
    for (long from : points) {
      for (long to : points) {
        if (from > to || to > pageCount) {
          continue;
        }
        for (int background = 0; background < 3; background++) {
          for (boolean shared : new boolean[] {true, false}) {
            BitmapStore store = store(pageCount);
            ReferenceModel model = new ReferenceModel(pageCount);
            if (background == 1) {
              store.setShared(0, pageCount);
              model.setShared(0, pageCount);
            } else if (background == 2) {
              // every third page shared, so every word holds a mixed pattern
              for (long page = 0; page < Math.min(pageCount, 200); page += 3) {
                store.setShared(page, page + 1);
                model.setShared(page, page + 1);
              }
            }
            String context =
                (shared ? "setShared(" : "setPrivate(")
                    + from
                    + ", "
                    + to
                    + ") on background "
                    + background;
            both(store, model, shared ? SET_SHARED : SET_PRIVATE, from, to, context);
          }
        }
      }
    }
  }

  // ================================================================ word boundaries

  @ParameterizedTest
  @ValueSource(longs = {63, 64, 65, 130})
  void writes_aroundWordBoundaries_matchModel(long pageCount) {
    allRanges(pageCount, new long[] {0, 1, 62, 63, 64, 65, 66, 127, 128, 129, 130});
  }

  @Test
  void searches_acrossWordBoundary_findNextWord() {
    BitmapStore store = store(200);
    store.setShared(63, 65);
    assertEquals(63, store.nextShared(0));
    assertEquals(64, store.nextShared(64));
    assertEquals(65, store.nextPrivate(63));
    assertEquals(200, store.nextShared(128));
    store.setShared(65, 199);
    assertEquals(199, store.nextPrivate(63));
    assertEquals(1, store.sharedRunCount());
  }

  @Test
  void nextPrivate_lastWordAllShared_returnsPageCountNotPastIt() {
    BitmapStore store = store(65);
    store.setShared(0, 65);
    // bits 65..127 of the last word are clear but are not pages
    assertEquals(65, store.nextPrivate(0));
    assertEquals(65, store.nextPrivate(64));
    assertEquals(65, store.sharedCount());
  }

  // ================================================================ chunk boundaries

  @Test
  void writes_aroundChunkBoundaries_matchModel() {
    long pageCount = 3 * P + 100;
    allRanges(
        pageCount,
        new long[] {
          0,
          1,
          P - 65,
          P - 1,
          P,
          P + 1,
          P + 64,
          2 * P - 1,
          2 * P,
          2 * P + 1,
          3 * P,
          3 * P + 1,
          pageCount - 1,
          pageCount
        });
  }

  // ================================================================ FULL and absent chunks

  @Test
  void setShared_wholeChunk_storesFullWithoutWords() {
    BitmapStore store = store(3 * P);
    store.setShared(P, 2 * P);
    assertEquals(List.of(ChunkKind.ABSENT, ChunkKind.FULL, ChunkKind.ABSENT), kinds(store));
    assertEquals(BitmapStore.sizeInBytes(3, 0, 0, true), store.estimatedSizeInBytes());
    assertEquals(P, store.sharedCount());
    assertEquals(1, store.sharedRunCount());
    StoreInvariants.assertInvariants(store);
  }

  @Test
  void setShared_partialThenWholeChunk_dropsWords() {
    BitmapStore store = store(2 * P);
    store.setShared(P + 5, P + 6);
    assertEquals(List.of(ChunkKind.ABSENT, ChunkKind.WORDS), kinds(store));
    store.setShared(P, 2 * P);
    assertEquals(List.of(ChunkKind.ABSENT, ChunkKind.FULL), kinds(store));
  }

  @Test
  void setPrivate_partOfFullChunk_copiesOnWrite() {
    BitmapStore store = store(3 * P);
    store.setShared(0, 3 * P);
    assertEquals(List.of(ChunkKind.FULL, ChunkKind.FULL, ChunkKind.FULL), kinds(store));
    store.setPrivate(P + 10, P + 11);
    assertEquals(List.of(ChunkKind.FULL, ChunkKind.WORDS, ChunkKind.FULL), kinds(store));
    assertTrue(BitmapStore.fullChunkIntact(), "the shared FULL chunk was written");
    assertTrue(store.isShared(10));
    assertTrue(store.isShared(2 * P + 10));
    assertFalse(store.isShared(P + 10));
    assertEquals(3 * P - 1, store.sharedCount());
    assertEquals(2, store.sharedRunCount());
    StoreInvariants.assertInvariants(store);
  }

  @Test
  void setPrivate_wholeChunk_releasesWordsAndFull() {
    BitmapStore store = store(2 * P);
    store.setShared(3, 5);
    store.setShared(P, 2 * P);
    assertEquals(List.of(ChunkKind.WORDS, ChunkKind.FULL), kinds(store));
    store.setPrivate(0, 2 * P);
    assertEquals(List.of(ChunkKind.ABSENT, ChunkKind.ABSENT), kinds(store));
    assertEquals(BitmapStore.sizeInBytes(2, 0, 0, false), store.estimatedSizeInBytes());
    StoreInvariants.assertInvariants(store);
  }

  @Test
  void setShared_wholeLastPartialChunk_keepsWords() {
    BitmapStore store = store(P + 100);
    store.setShared(0, P + 100);
    assertEquals(List.of(ChunkKind.FULL, ChunkKind.WORDS), kinds(store));
    assertEquals(BitmapStore.sizeInBytes(2, 1, 2, true), store.estimatedSizeInBytes());
    assertEquals(P + 100, store.sharedCount());
    assertEquals(P + 100, store.nextPrivate(0));
    store.setPrivate(P, P + 100);
    assertEquals(List.of(ChunkKind.FULL, ChunkKind.ABSENT), kinds(store));
    StoreInvariants.assertInvariants(store);
  }

  @Test
  void setShared_chunkFilledWordByWord_staysAllocated() {
    BitmapStore store = store(P);
    store.setShared(0, P - 1);
    store.setShared(P - 1, P);
    assertEquals(List.of(ChunkKind.WORDS), kinds(store));
    store.setPrivate(0, P - 1);
    store.setPrivate(P - 1, P);
    assertEquals(List.of(ChunkKind.WORDS), kinds(store));
    assertEquals(0, store.sharedCount());
  }

  @Test
  void setShared_spanningChunks_fullInsideWordsAtEnds() {
    BitmapStore store = store(4 * P);
    store.setShared(5, 4 * P - 5);
    assertEquals(
        List.of(ChunkKind.WORDS, ChunkKind.FULL, ChunkKind.FULL, ChunkKind.WORDS), kinds(store));
    assertEquals(1, store.sharedRunCount());
    assertEquals(4 * P - 10, store.sharedCount());
    assertEquals(4 * P - 5, store.nextPrivate(5));
    StoreInvariants.assertInvariants(store);
  }

  @Test
  void sharedRunCount_runsMeetingAtChunkEdges_countedOnce() {
    BitmapStore store = store(4 * P);
    store.setShared(P - 1, P + 1); // words | words
    store.setShared(2 * P, 3 * P); // FULL after words that end private at 2P-1
    store.setShared(3 * P, 3 * P + 1); // words right after FULL: same run
    assertEquals(2, store.sharedRunCount());
    store.setShared(P + 1, 2 * P); // bridges them
    assertEquals(1, store.sharedRunCount());
    StoreInvariants.assertInvariants(store);
  }

  // ================================================================ huge stores

  @Test
  void hugeStore_opsNearBothEnds_matchModel() {
    long pageCount = (1L << 36) + 5;
    BitmapStore store = store(pageCount);
    ReferenceModel model = new ReferenceModel(pageCount);
    both(store, model, SET_SHARED, 0, 10, "low run");
    both(store, model, SET_SHARED, pageCount - 3, pageCount, "high run");
    assertEquals(pageCount - 3, store.nextShared(10));
    assertEquals(pageCount, store.nextPrivate(pageCount - 3));
    assertEquals(13, store.sharedCount());
    both(store, model, SET_SHARED, 3, pageCount - 1, "span the middle");
    assertEquals(pageCount, store.nextPrivate(0));
    both(store, model, SET_PRIVATE, P + 7, pageCount - P - 7, "clear the middle");
    assertEquals(2, store.sharedRunCount());
    assertEquals(2 * (P + 7), store.sharedCount());
    long slots = (pageCount + P - 1) / P;
    // chunks 0, 1 and slots-3 hold words, the last one 1 word, slots-2 is still FULL; the middle
    // is absent
    assertEquals(
        BitmapStore.sizeInBytes(slots, 4, 3 * 4096L + 1, true), store.estimatedSizeInBytes());
    both(store, model, SET_PRIVATE, 0, pageCount, "clear everything");
    assertEquals(BitmapStore.sizeInBytes(slots, 0, 0, false), store.estimatedSizeInBytes());
  }

  @Test
  void maxPageCount_lastPage_reachable() {
    long pageCount = new BitmapStoreProvider().maxPageCount();
    assertEquals(1L << 40, pageCount);
    BitmapStore store = store(pageCount);
    store.setShared(pageCount - 1, pageCount);
    assertEquals(pageCount - 1, store.nextShared(0));
    assertEquals(1, store.sharedCount());
    assertEquals(1, store.sharedRunCount());
    assertTrue(store.isShared(pageCount - 1));
  }

  // ================================================================ size formula

  @Test
  void touchedSizeInBytes_oneTebibyteOfPages_is32MiBPlusTable() {
    long pages = 1L << 28; // 1 TiB of 4 KiB pages
    long bytes = BitmapStore.touchedSizeInBytes(pages);
    long bitmap = 32L << 20;
    // table 1024 slots (4 KiB) + 1024 array headers (16 KiB) + the store object
    assertEquals(bitmap + 24 + (16 + 4 * 1024) + 16 * 1024, bytes);
  }

  @Test
  void estimatedSizeInBytes_emptyStore_isStoreAndTable() {
    assertEquals(24 + 16, store(0).estimatedSizeInBytes());
    assertEquals(24 + 24, store(1).estimatedSizeInBytes());
    assertEquals(24 + align(16 + 4 * 1024), store(1L << 28).estimatedSizeInBytes());
  }

  private static long align(long bytes) {
    return (bytes + 7) / 8 * 8;
  }
}
