/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.RamDiscardListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Bounded concurrency stress of {@link RamBlockAttribute}: one writer, several readers, a fixed
 * number of operations, no timing asserted (a timeout only catches a deadlock).
 *
 * <p>What is checked is the facade's promise, not linearizability of every query: each conversion,
 * registration and unregistration is atomic for readers on other threads, so a reader's single
 * query never observes half of one. Every conversion here is one whole 2 MiB-aligned unit of 512
 * blocks, so in every state a reader can see, each unit is wholly shared or wholly private; a
 * reader that sees a unit partly shared has caught a torn write. Sequences of two queries are not
 * atomic (the state may change between them), and the test does not assume they are.
 *
 * <p>{@link #mixedConversion_readersNeverSeeSomeRunsWritten} covers the other way to tear a
 * conversion: a mixed range is written run by run (ATOMIC) or block by block (QEMU), with listeners
 * called in between; a reader must still see all of those writes or none.
 */
public abstract class FacadeConcurrencyTest extends AbstractFacadeTest {
  private static final long UNIT_BLOCKS = 512; // 2 MiB of 4 KiB blocks
  private static final long UNITS = 256; // a 512 MiB region
  private static final long UNIT = UNIT_BLOCKS * BLOCK;
  private static final int READERS = 4;
  private static final int CONVERSIONS = 4000;
  private static final long SEED = 0x5EED_C0DEL;

  /** For subclasses, which name the backend under test. */
  protected FacadeConcurrencyTest() {}

  /** A reader's view of one unit: all of it shared, or none of it. */
  private static void assertUnitWhole(RamBlockAttribute attribute, long unit, String what) {
    MemoryRegionSection section = MemoryRegionSection.of(unit * UNIT, UNIT);
    AtomicLong bytes = new AtomicLong();
    attribute.replayPopulated(section, run -> bytes.addAndGet(run.size()));
    long seen = bytes.get();
    assertTrue(seen == 0 || seen == UNIT, what + ": unit " + unit + " half converted: " + seen);
  }

  @Test
  public void oneWriterFourReaders_neverObserveHalfConvertedUnit() throws Exception {
    for (ConversionSemantics semantics : ConversionSemantics.values()) {
      RamBlockAttribute attribute = attribute(UNITS * UNIT, BLOCK, semantics);
      run(attribute, semantics.toString());
    }
  }

  private static void run(RamBlockAttribute attribute, String context) throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
    try {
      List<Future<Long>> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        long seed = SEED + r + 1;
        readers.add(pool.submit(() -> read(attribute, seed, start, done, context)));
      }
      Future<?> writer =
          pool.submit(
              () -> {
                SplittableRandom random = new SplittableRandom(SEED);
                start.await();
                try {
                  for (int i = 0; i < CONVERSIONS; i++) {
                    long unit = random.nextLong(UNITS);
                    PageState target = random.nextBoolean() ? PageState.SHARED : PageState.PRIVATE;
                    attribute.convert(unit * UNIT, UNIT, target);
                  }
                } finally {
                  done.set(true);
                }
                return null;
              });
      start.countDown();
      assertTimeoutPreemptively(
          Duration.ofMinutes(2),
          () -> {
            writer.get();
            for (Future<Long> reader : readers) {
              assertTrue(reader.get() > 0, context + ": a reader made no query");
            }
          });
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, attribute.store().sharedCount() % UNIT_BLOCKS, context);
    StoreInvariants.assertInvariants(attribute.store());
  }

  /** Reads until the writer is done; returns how many queries it made. */
  private static long read(
      RamBlockAttribute attribute,
      long seed,
      CountDownLatch start,
      AtomicBoolean done,
      String context)
      throws InterruptedException {
    SplittableRandom random = new SplittableRandom(seed);
    start.await();
    long queries = 0;
    while (!done.get() || queries == 0) {
      long unit = random.nextLong(UNITS);
      String what = context + " reader seed " + seed + " query " + queries;
      switch (random.nextInt(4)) {
        case 0 -> assertUnitWhole(attribute, unit, what);
        case 1 -> {
          long shared = attribute.store().sharedCount();
          assertEquals(0, shared % UNIT_BLOCKS, what + ": shared count " + shared);
        }
        case 2 -> {
          // Two blocks of one unit, asked in one locked walk: equal states.
          long[] runs = {0};
          attribute
              .store()
              .forEachSharedRun(
                  unit * UNIT_BLOCKS,
                  (unit + 1) * UNIT_BLOCKS,
                  (from, to) -> {
                    runs[0]++;
                    assertEquals(UNIT_BLOCKS, to - from, what + ": torn run");
                  });
          assertTrue(runs[0] <= 1, what);
        }
        default -> {
          // Each query answers alone; two in a row are not atomic, so nothing links them.
          attribute.isPopulated(MemoryRegionSection.of(unit * UNIT, UNIT));
          attribute.stateAt(unit * UNIT + random.nextLong(UNIT));
        }
      }
      queries++;
    }
    return queries;
  }

  @Test
  public void listenerQueryingFromCallback_whileReadersRun_noDeadlock() throws Exception {
    RamBlockAttribute attribute = attribute(UNITS * UNIT, BLOCK, ConversionSemantics.ATOMIC);
    AtomicLong callbacks = new AtomicLong();
    RamDiscardListener querying =
        new RamDiscardListener() {
          @Override
          public void onPopulate(MemoryRegionSection section) {
            callbacks.incrementAndGet();
            assertTrue(attribute.isPopulated(section), "callback must see the new state");
            assertEquals(PageState.SHARED, attribute.stateAt(section.offsetWithinRegion()));
          }

          @Override
          public void onDiscard(MemoryRegionSection section) {
            callbacks.incrementAndGet();
            assertEquals(PageState.PRIVATE, attribute.stateAt(section.offsetWithinRegion()));
            attribute.replayPopulated(
                section,
                run -> {
                  throw new AssertionError("discarded section still populated: " + run);
                });
          }
        };
    attribute.registerListener(querying, MemoryRegionSection.of(0, UNITS * UNIT));
    assertTimeoutPreemptively(Duration.ofMinutes(2), () -> run(attribute, "querying listener"));
    assertTrue(callbacks.get() > 0, "the listener was never called");
  }

  /** Blocks {@code [0,2) [8,10) ...}: filling the gaps between them is one mixed conversion. */
  private static boolean inPattern(long block) {
    return block % 8 < 2;
  }

  /**
   * One writer turns a pattern of shared runs into "all shared" with one mixed conversion (many
   * runs, a listener that yields between them), and back in several calls; a reader's single replay
   * must see all shared or a subset of the pattern, never some gaps filled and others not. A facade
   * that released its write lock between the runs of one conversion fails it (with high
   * probability, not certainty: the interleavings are the scheduler's).
   */
  @Test
  void mixedConversion_readersNeverSeeSomeRunsWritten() throws Exception {
    long blocks = 64;
    for (ConversionSemantics semantics : ConversionSemantics.values()) {
      RamBlockAttribute a = attribute(blocks * BLOCK, BLOCK, semantics);
      RecordingListener slow = new RecordingListener("slow", NotificationLog.discarding());
      // Yields on purpose, between the runs of one conversion: that widens the window in which a
      // facade that dropped its lock mid-conversion would let the reader in.
      @SuppressWarnings("ThreadPriorityCheck")
      RecordingListener.CallbackHook yielding = (listener, kind, section) -> Thread.yield();
      slow.onCallback(yielding);
      a.registerListener(slow, MemoryRegionSection.of(0, blocks * BLOCK));
      AtomicBoolean done = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<Long> reader =
            pool.submit(
                () -> {
                  long observations = 0;
                  while (!done.get() || observations < 100) {
                    assertSubsetOfPatternOrAll(a, blocks, semantics);
                    observations++;
                  }
                  return observations;
                });
        Future<?> writer =
            pool.submit(
                () -> {
                  try {
                    for (int round = 0; round < 100; round++) {
                      a.convert(0, blocks * BLOCK, PageState.SHARED);
                      a.convert(0, blocks * BLOCK, PageState.PRIVATE);
                      for (long block = 0; block < blocks; block += 8) {
                        a.convert(block * BLOCK, 2 * BLOCK, PageState.SHARED);
                      }
                    }
                  } finally {
                    done.set(true);
                  }
                  return null;
                });
        assertTimeoutPreemptively(
            Duration.ofMinutes(2),
            () -> {
              writer.get();
              assertTrue(reader.get() >= 100);
            });
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static void assertSubsetOfPatternOrAll(
      RamBlockAttribute a, long blocks, ConversionSemantics semantics) {
    List<MemoryRegionSection> runs = new ArrayList<>();
    a.replayPopulated(MemoryRegionSection.of(0, blocks * BLOCK), runs::add);
    if (runs.equals(List.of(MemoryRegionSection.of(0, blocks * BLOCK)))) {
      return;
    }
    for (MemoryRegionSection run : runs) {
      for (long block = run.offsetWithinRegion() / BLOCK;
          block < (run.offsetWithinRegion() + run.size()) / BLOCK;
          block++) {
        assertTrue(
            inPattern(block),
            semantics + ": a reader saw block " + block + " shared in " + runs + ": torn");
      }
    }
  }
}
