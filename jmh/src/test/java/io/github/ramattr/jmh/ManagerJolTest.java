/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.MultiSourceDiscardManager;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.RamDiscardListener;
import io.github.ramattr.RamDiscardSource;
import io.github.ramattr.jmh.bench.CountingVfioListener;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.workloads.Sizes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jol.info.GraphLayout;

/**
 * The manager keeps no copy of the combined state: its own retained bytes (JOL, everything
 * reachable from it except the sources' stores and the listeners) depend on how many sources and
 * listeners it has, never on how many runs the sources hold.
 *
 * <p>"Own" here includes an attached {@link RamBlockAttribute}'s facade objects (its locks, its
 * read-only store view), which are the same for every attribute, but not its store. A third-party
 * source is excluded whole.
 */
class ManagerJolTest {
  private static final long REGION = Sizes.GIB;
  private static final long PAGES = REGION / Sizes.PAGE;

  /** Upper bound for one more listener: its registration, a copy of its section, a reference. */
  private static final long PER_LISTENER_BOUND = 96;

  /** Upper bound for one more third-party source: one reference in the source array. */
  private static final long PER_SOURCE_BOUND = 8;

  /** The manager's graph minus everything reachable from {@code excluded}. */
  private static long ownBytes(MultiSourceDiscardManager manager, List<Object> excluded) {
    return GraphLayout.parseInstance(manager)
        .subtract(GraphLayout.parseInstance(excluded.toArray()))
        .totalSize();
  }

  /** A store with {@code runs} single-page shared runs, spread over the region. */
  private static SharedStateStore store(String backend, int runs) {
    SharedStateStore store = SharedStateStores.create(backend, PAGES);
    long step = PAGES / runs;
    for (long i = 0; i < runs; i++) {
      store.setShared(i * step, i * step + 1);
    }
    assertEquals(runs, store.sharedRunCount());
    return store;
  }

  /**
   * Two attached attributes with {@code runs} runs each and two listeners, after the same calls
   * (registration replays, a conversion, a replay, a query); returns the manager's own bytes.
   */
  private static long ownBytesWithRuns(String backend, int runs) {
    MultiSourceDiscardManager manager =
        new MultiSourceDiscardManager(REGION, ConversionSemantics.ATOMIC);
    List<Object> excluded = new ArrayList<>();
    List<RamBlockAttribute> attributes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      SharedStateStore store = store(backend, runs);
      excluded.add(store);
      attributes.add(
          RamBlockAttribute.builder().regionSize(REGION).store(store).manager(manager).build());
    }
    for (int i = 0; i < 2; i++) {
      CountingVfioListener listener = new CountingVfioListener();
      excluded.add(listener);
      manager.registerListener(listener, MemoryRegionSection.of(0, REGION));
    }
    attributes.get(0).convert(REGION - Sizes.MIB, Sizes.MIB, PageState.SHARED);
    manager.replayPopulated(MemoryRegionSection.of(0, REGION), run -> {});
    assertTrue(manager.isPopulated(MemoryRegionSection.of(0, Sizes.PAGE)));
    return ownBytes(manager, excluded);
  }

  @ParameterizedTest
  @ValueSource(strings = {"maple", "bitmap"})
  void ownBytes_sameFor10And100000Runs(String backend) {
    long few = ownBytesWithRuns(backend, 10);
    long many = ownBytesWithRuns(backend, 100_000);
    System.out.println(
        backend + ": manager's own bytes " + few + " (10 runs), " + many + " (10^5)");
    assertEquals(few, many, backend + ": the manager's own bytes grew with the sources' runs");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 8})
  void ownBytes_growByAFixedAmountPerListener(int listeners) {
    MultiSourceDiscardManager manager =
        new MultiSourceDiscardManager(REGION, ConversionSemantics.ATOMIC);
    List<Object> excluded = new ArrayList<>();
    long before = ownBytes(manager, excluded);
    long previous = before;
    for (int i = 1; i <= listeners; i++) {
      RamDiscardListener listener = new CountingVfioListener();
      excluded.add(listener);
      manager.registerListener(listener, MemoryRegionSection.of(0, REGION));
      long now = ownBytes(manager, excluded);
      assertTrue(
          now > previous && now - previous <= PER_LISTENER_BOUND,
          "listener " + i + " added " + (now - previous) + " bytes");
      previous = now;
    }
    assertTrue(previous - before <= listeners * PER_LISTENER_BOUND);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 8})
  void ownBytes_growByAFixedAmountPerSource(int sources) {
    MultiSourceDiscardManager manager =
        new MultiSourceDiscardManager(REGION, ConversionSemantics.ATOMIC);
    List<Object> excluded = new ArrayList<>();
    CountingVfioListener listener = new CountingVfioListener();
    excluded.add(listener);
    manager.registerListener(listener, MemoryRegionSection.of(0, REGION));
    long before = ownBytes(manager, excluded);
    long previous = before;
    for (int i = 1; i <= sources; i++) {
      RamDiscardSource source = new EverythingPopulated();
      excluded.add(source);
      manager.addSource(source);
      long now = ownBytes(manager, excluded);
      // An array of n references is 16 + 4n bytes rounded up to 8: 0 or 8 more per source.
      assertTrue(
          now >= previous && now - previous <= PER_SOURCE_BOUND,
          "source " + i + " added " + (now - previous) + " bytes");
      previous = now;
    }
    assertTrue(previous - before <= sources * PER_SOURCE_BOUND);
  }

  /** A third-party source with no state: everything populated, 4 KiB blocks. */
  private static final class EverythingPopulated implements RamDiscardSource {
    @Override
    public long minGranularity() {
      return Sizes.PAGE;
    }

    @Override
    public boolean isPopulated(MemoryRegionSection section) {
      return true;
    }
  }
}
