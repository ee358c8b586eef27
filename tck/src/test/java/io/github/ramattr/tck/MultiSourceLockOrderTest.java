/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.MultiSourceDiscardManager;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.tck.NotificationLog.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A smoke test of the manager's lock order (the full stress and linearizability checks live with
 * the benchmarks): two attached attributes converted from two threads, a source added and removed
 * and listeners registered from a third (with a refused {@code registerListener} on an attached
 * attribute), and readers on a fourth that query the manager, and another attribute from inside an
 * attribute's replay. Listener callbacks query the manager and an attribute. It must finish (no
 * deadlock) with every reader having seen whole conversions only: each source flips whole aligned
 * chunks, so every 8-block chunk of the combined state is uniform in any state a reader can see.
 * Iteration counts are fixed, seeds are fixed.
 */
class MultiSourceLockOrderTest {
  private static final long BLOCK = 4096;
  private static final long BLOCKS = 256;
  private static final int ROUNDS = 1500;

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void convertAddRemoveRegisterAndRead_concurrently_noDeadlockAndNoHalfConversion(
      ConversionSemantics mode) {
    assertTimeoutPreemptively(Duration.ofMinutes(2), () -> run(mode));
  }

  private static RamBlockAttribute attribute(MultiSourceDiscardManager m) {
    return RamBlockAttribute.builder()
        .regionSize(m.regionSize())
        .store(new ReferenceModelProvider().create(BLOCKS))
        .manager(m)
        .build();
  }

  private static void run(ConversionSemantics mode) throws Exception {
    MultiSourceDiscardManager m = new MultiSourceDiscardManager(BLOCKS * BLOCK, mode);
    RamBlockAttribute a = attribute(m);
    RamBlockAttribute b = attribute(m);
    RamBlockAttribute c = attribute(m);
    MemoryRegionSection whole = MemoryRegionSection.of(0, m.regionSize());
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    VfioModelListener vfio =
        new VfioModelListener("vfio", NotificationLog.discarding(), BLOCK)
            .onCallback(
                (listener, kind, section) -> {
                  // Callbacks run under the manager's lock and may query the manager and sources.
                  boolean populated = m.isPopulated(section);
                  if (populated != (kind == Kind.POPULATE)) {
                    throw new AssertionError(
                        kind + " of " + section + " but isPopulated says " + populated);
                  }
                  a.stateAt(section.offsetWithinRegion());
                });
    m.registerListener(vfio, whole);
    CyclicBarrier start = new CyclicBarrier(4);
    List<Thread> threads = new ArrayList<>();
    threads.add(worker(start, failures, () -> converter(a, 8, 1)));
    threads.add(worker(start, failures, () -> converter(b, 16, 2)));
    threads.add(worker(start, failures, () -> manager(m, c, a)));
    threads.add(worker(start, failures, () -> reader(m, a, b)));
    for (Thread thread : threads) {
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError(failures.size() + " failures");
      failures.forEach(error::addSuppressed);
      throw error;
    }
    assertEquals(List.of(), vfio.violations());
    assertEquals(
        CombinedState.expectedMapped(CombinedState.combined(m.sources(), m.regionSize()), whole),
        vfio.mappedRanges());
  }

  private static Thread worker(
      CyclicBarrier start, ConcurrentLinkedQueue<Throwable> failures, Runnable body) {
    return new Thread(
        () -> {
          try {
            start.await();
            body.run();
          } catch (Throwable t) { // reported after the join
            failures.add(t);
          }
        });
  }

  /** Converts 1 to 4 whole aligned chunks of {@code chunk} blocks at a time. */
  private static void converter(RamBlockAttribute attribute, long chunk, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long chunks = BLOCKS / chunk;
    for (int i = 0; i < ROUNDS; i++) {
      long from = random.nextLong(chunks);
      long count = 1 + random.nextLong(Math.min(4, chunks - from));
      attribute.convert(
          from * chunk * BLOCK,
          count * chunk * BLOCK,
          random.nextBoolean() ? PageState.SHARED : PageState.PRIVATE);
    }
  }

  /** Adds and removes a third source, registers listeners, and tries an illegal registration. */
  private static void manager(
      MultiSourceDiscardManager m, RamBlockAttribute third, RamBlockAttribute attached) {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < ROUNDS / 10; i++) {
      // The third source stays all shared, so adding it changes nothing a reader could see.
      if (m.sources().contains(third)) {
        m.removeSource(third);
        third.convert(0, m.regionSize(), PageState.SHARED);
      } else {
        m.addSource(third);
      }
      RecordingListener l = new RecordingListener("l" + i, NotificationLog.discarding());
      long from = random.nextLong(BLOCKS);
      m.registerListener(l, MemoryRegionSection.of(from * BLOCK, (BLOCKS - from) * BLOCK));
      m.unregisterListener(l);
      assertThrows(
          IllegalStateException.class,
          () -> attached.registerListener(l, MemoryRegionSection.of(0, BLOCK)));
    }
  }

  /** Queries the manager and attributes, checking that every 8-block chunk is uniform. */
  private static void reader(
      MultiSourceDiscardManager m, RamBlockAttribute a, RamBlockAttribute b) {
    MemoryRegionSection whole = MemoryRegionSection.of(0, m.regionSize());
    for (int i = 0; i < ROUNDS; i++) {
      m.replayPopulated(
          whole,
          run ->
              assertTrue(
                  run.offsetWithinRegion() % (8 * BLOCK) == 0 && run.size() % (8 * BLOCK) == 0,
                  () -> "half a conversion: " + run));
      a.replayPopulated(whole, run -> b.stateAt(run.offsetWithinRegion()));
      m.isPopulated(MemoryRegionSection.of(0, 8 * BLOCK));
    }
  }
}
