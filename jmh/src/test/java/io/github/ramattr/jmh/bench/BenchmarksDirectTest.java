/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.jmh.trace.StateDigest;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.tck.ReferenceModel;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workload;
import io.github.ramattr.workloads.Workloads;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Calls every {@code @Benchmark} method directly, a few times, for every registered backend: state
 * built by the {@code @Setup} methods on 1 GiB blocks, no JMH fork, nothing timed. Checks that each
 * op does what its Javadoc says and leaves the state steady.
 */
class BenchmarksDirectTest {
  private static final int CALLS = 50;

  static Stream<String> backends() {
    return SharedStateStores.available().stream();
  }

  private static ReferenceModel reference(String layout, long gib) {
    long region = gib * Sizes.GIB;
    Workload w = Workloads.byName(layout);
    ReferenceModel model = new ReferenceModel(region / Sizes.PAGE);
    w.applyTo(model, region, w.defaultSeed(region));
    return model;
  }

  @ParameterizedTest
  @MethodSource("backends")
  void splitThenMerge_leavesStateUnchanged(String backend) {
    SplitMergeBenchmark b = new SplitMergeBenchmark();
    b.backend = backend;
    b.runs = 10_000;
    b.blockGiB = 1;
    b.setUp();
    String before = StateDigest.of(b.store());
    assertEquals(StateDigest.of(reference("fragment-10000", 1)), before);
    for (int i = 0; i < CALLS; i++) {
      long page = b.splitThenMerge();
      assertTrue(b.store().isShared(page), "page " + page + " merged back");
    }
    assertEquals(before, StateDigest.of(b.store()));
    assertEquals(10_000, b.store().sharedRunCount());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void splitThenMergeElsewhere_keepsTheRingOfHolesSteady(String backend) {
    SplitMergeElsewhereBenchmark b = new SplitMergeElsewhereBenchmark();
    b.backend = backend;
    b.runs = 1000;
    b.blockGiB = 1;
    b.setUp();
    int ring = SplitMergeElsewhereBenchmark.RING;
    assertEquals(1000 + ring, b.store().sharedRunCount(), "each hole split one run");
    for (int i = 0; i < CALLS; i++) {
      long page = b.splitThenMergeElsewhere();
      assertFalse(b.store().isShared(page), "page " + page + " split");
      assertEquals(1000 + ring, b.store().sharedRunCount(), "op " + i);
    }
    // The state is the fragment with exactly the current holes private.
    ReferenceModel model = reference("fragment-1000", 1);
    for (long hole : b.holes()) {
      assertTrue(model.isShared(hole), "hole " + hole + " was inside a run");
      model.setPrivate(hole, hole + 1);
    }
    assertEquals(StateDigest.of(model), StateDigest.of(b.store()));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void bulkScaling_sameRunsInTheRangeAtEverySize_andRestores(String backend) {
    int[] runsInRange = new int[2];
    for (int size = 1; size <= 2; size++) {
      BulkScalingBenchmark b = new BulkScalingBenchmark();
      b.backend = backend;
      b.scaledBlockGiB = size;
      b.runsPer64GiB = 10_000;
      b.setUp();
      assertEquals(10_000L * size / 64, b.store().sharedRunCount(), size + " GiB");
      String before = StateDigest.of(b.store());
      runsInRange[size - 1] = b.runsInRange();
      for (int i = 0; i < 3; i++) {
        assertEquals(b.runsInRange(), b.sharedThenRestoreScaled(), size + " GiB");
        assertEquals(b.runsInRange(), b.privateThenRestoreScaled(), size + " GiB");
      }
      assertEquals(before, StateDigest.of(b.store()), size + " GiB");
    }
    assertTrue(runsInRange[0] > 100, "runs in range " + runsInRange[0]);
    assertEquals(runsInRange[0], runsInRange[1], "the range holds the same runs at 1 and 2 GiB");
  }

  @ParameterizedTest
  @MethodSource("backends")
  void bulk_bothOps_restoreTheRange(String backend) {
    for (String range : List.of("1GiB", "block")) {
      BulkBenchmark b = new BulkBenchmark();
      b.backend = backend;
      b.range = range;
      b.blockGiB = 1;
      b.layout = "fragment-10000";
      b.setUp();
      String before = StateDigest.of(b.store());
      for (int i = 0; i < 3; i++) {
        assertEquals(10_000, b.sharedThenRestore(), range);
        assertEquals(10_000, b.privateThenRestore(), range);
      }
      assertEquals(before, StateDigest.of(b.store()), range);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void lookups_answerAsTheReferenceModel(String backend) {
    for (String layout : List.of("boot-tdx", "fragment-10000")) {
      LookupBenchmark b = new LookupBenchmark();
      b.backend = backend;
      b.layout = layout;
      b.blockGiB = 1;
      b.setUp();
      ReferenceModel model = reference(layout, 1);
      for (int i = 0; i < CALLS; i++) {
        long page = b.nextPage();
        assertEquals(model.isShared(page), b.isShared(), layout + " page " + page);
        MemoryRegionSection section = b.nextSection();
        long from = section.offsetWithinRegion() / Sizes.PAGE;
        boolean populated = model.nextPrivate(from) >= from + section.size() / Sizes.PAGE;
        assertEquals(populated, b.isPopulated2MiB(), layout + " " + section);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void replayPopulated_visitsEveryRun(String backend) {
    Blackhole blackhole =
        new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is"
                + " dangerous.");
    ReplayBenchmark b = new ReplayBenchmark();
    b.backend = backend;
    b.layout = "fragment-10000";
    b.blockGiB = 1;
    b.setUp();
    for (int i = 0; i < 3; i++) {
      b.replayPopulated(blackhole);
    }
    long[] sections = {0};
    b.attribute().replayPopulated(MemoryRegionSection.of(0, Sizes.GIB), s -> sections[0]++);
    assertEquals(10_000, sections[0]);
    blackhole.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
  }

  @ParameterizedTest
  @MethodSource("backends")
  void runWalks_visitEveryPageOfTheirState(String backend) {
    ReplayBenchmark b = new ReplayBenchmark();
    b.backend = backend;
    b.layout = "fragment-10000";
    b.blockGiB = 1;
    b.setUp();
    ReferenceModel model = reference("fragment-10000", 1);
    long shared = model.sharedCount();
    assertTrue(shared > 0 && shared < Sizes.GIB / Sizes.PAGE, "shared " + shared);
    for (int i = 0; i < 3; i++) {
      assertEquals(shared, b.forEachSharedRun());
      assertEquals(Sizes.GIB / Sizes.PAGE - shared, b.forEachPrivateRun());
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void convertSharedAndBack_maps512ChunksPerOp(String backend) {
    FacadeConversionBenchmark b = new FacadeConversionBenchmark();
    b.backend = backend;
    b.guestLayout = "boot-tdx";
    b.blockGiB = 1;
    b.setUp();
    String before = StateDigest.of(b.attribute().store());
    long mapsAtStart = b.listener().maps();
    assertTrue(mapsAtStart > 0, "registration replayed the boot-tdx runs as maps");
    for (int i = 1; i <= CALLS; i++) {
      assertEquals(mapsAtStart + 512L * i, b.convertSharedAndBack());
    }
    assertEquals(CALLS, b.listener().unmaps());
    assertEquals(before, StateDigest.of(b.attribute().store()));
  }

  // ---------------------------------------------------------------- multi-source manager

  /** Region offsets and sizes of the runs a replay visits (QEMU's carry address-space offset 0). */
  private static List<List<Long>> runs(Consumer<Consumer<MemoryRegionSection>> replay) {
    List<List<Long>> runs = new ArrayList<>();
    replay.accept(run -> runs.add(List.of(run.offsetWithinRegion(), run.size())));
    return runs;
  }

  @ParameterizedTest
  @MethodSource("backends")
  void managerReplay_sameRunsAsQemuWalk(String backend) {
    ManagerReplayBenchmark b = new ManagerReplayBenchmark();
    b.backend = backend;
    b.regionGiB = 2;
    b.qemuWalkGiB = 2;
    b.setUp();
    MemoryRegionSection region = MemoryRegionSection.of(0, 2 * Sizes.GIB);
    List<List<Long>> ramattr = runs(visitor -> b.manager().replayPopulated(region, visitor));
    List<List<Long>> qemu =
        runs(
            visitor ->
                b.qemu()
                    .replayPopulated(
                        region,
                        run -> {
                          visitor.accept(run);
                          return 0;
                        }));
    assertEquals(qemu, ramattr);
    // Two sources of 10^3 runs each, one per 2 MiB block of the plugged source here; where their
    // runs meet, the AND has one: hundreds in all, not a trivial state.
    assertTrue(ramattr.size() > MultiSourceBlocks.RUNS / 4, "only " + ramattr.size() + " runs");
    Blackhole blackhole = blackhole();
    for (int i = 0; i < 2; i++) {
      b.managerReplay(blackhole);
      assertEquals(0, b.qemuWalkReplay(blackhole));
    }
    blackhole.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
  }

  @ParameterizedTest
  @MethodSource("backends")
  void managerConvert_sameMapsAsQemu(String backend) {
    ManagerConversionBenchmark b = new ManagerConversionBenchmark();
    b.backend = backend;
    b.regionGiB = 2;
    b.listeners = 4;
    b.setUp();
    long managerAtStart = b.managerListeners().get(0).maps();
    long qemuAtStart = b.qemuListeners().get(0).maps();
    assertEquals(qemuAtStart, managerAtStart, "registration replays");
    long managerMaps = 0;
    long qemuMaps = 0;
    for (int i = 0; i < 3; i++) {
      managerMaps = b.managerConvert() - managerAtStart;
      qemuMaps = b.qemuConvert() - qemuAtStart;
      assertEquals(qemuMaps, managerMaps, "call " + i);
    }
    // The plugged source holds part of the converted GiB: some maps, fewer than 262,144 per op.
    assertTrue(managerMaps > 0 && managerMaps < 3 * 262_144, "maps " + managerMaps);
    for (int i = 0; i < 4; i++) {
      CountingVfioListener m = b.managerListeners().get(i);
      CountingVfioListener q = b.qemuListeners().get(i);
      assertEquals(q.maps(), m.maps(), "listener " + i);
      assertEquals(q.unmaps(), m.unmaps(), "listener " + i);
      assertEquals(b.managerListeners().get(0).maps(), m.maps(), "listener " + i);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void attachedConvert_notifiesAsStandalone(String backend) {
    for (long mib : List.of(2L, 1024L)) {
      AttachBenchmark b = new AttachBenchmark();
      b.backend = backend;
      b.regionGiB = 2;
      b.conversionMiB = mib;
      b.setUp();
      long attachedAtStart = b.attachedListener().maps();
      assertEquals(b.standaloneListener().maps(), attachedAtStart, "registration replays");
      for (int i = 1; i <= CALLS; i++) {
        long expected = attachedAtStart + i * mib * Sizes.MIB / Sizes.PAGE;
        assertEquals(expected, b.attachedConvert(), mib + " MiB call " + i);
        assertEquals(expected, b.standaloneConvert(), mib + " MiB call " + i);
      }
      assertEquals(CALLS, b.attachedListener().unmaps());
      assertEquals(CALLS, b.standaloneListener().unmaps());
    }
  }

  private static Blackhole blackhole() {
    return new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is"
            + " dangerous.");
  }

  @Test
  void setUp_unknownBackend_namesTheAvailableOnes() {
    SplitMergeBenchmark b = new SplitMergeBenchmark();
    b.backend = "no-such-backend";
    b.runs = 1000;
    b.blockGiB = 1;
    IllegalStateException e = assertThrows(IllegalStateException.class, b::setUp);
    assertTrue(e.getMessage().contains(SharedStateStores.available().toString()), e.getMessage());
  }

  @Test
  void spreadPagesInsideRuns_distinctNonAdjacentAndInside() {
    SharedStateStore store = SharedStateStores.create("flat-bitmap", 1000);
    store.setShared(10, 30);
    long[] pages = BenchmarkBlocks.spreadPagesInsideRuns(store, 4, 1);
    java.util.Arrays.sort(pages);
    for (int i = 0; i < pages.length; i++) {
      assertTrue(pages[i] > 10 && pages[i] < 29, "page " + pages[i]);
      if (i > 0) {
        assertTrue(pages[i] - pages[i - 1] >= 2, java.util.Arrays.toString(pages));
      }
    }
    IllegalStateException full =
        assertThrows(
            IllegalStateException.class,
            () -> BenchmarkBlocks.spreadPagesInsideRuns(store, 16, 1)); // at most 9 fit
    assertTrue(full.getMessage().contains("of 16"), full.getMessage());
  }

  @Test
  void pagesInsideRuns_strictlyInside() {
    SharedStateStore store = SharedStateStores.create("flat-bitmap", 1000);
    store.setShared(10, 13);
    store.setShared(20, 21); // too short to split
    long[] pages = BenchmarkBlocks.pagesInsideRuns(store, 64, 1);
    for (long page : pages) {
      assertEquals(11, page);
    }
    assertFalse(store.isShared(21));
  }
}
