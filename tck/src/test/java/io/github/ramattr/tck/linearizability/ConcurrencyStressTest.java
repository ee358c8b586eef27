/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.MultiSourceDiscardManager;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.RamDiscardManager;
import io.github.ramattr.tck.NotificationLog;
import io.github.ramattr.tck.ReferenceModelProvider;
import io.github.ramattr.tck.VfioModelListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bounded stress of the facade and of the manager: two converting threads, one that registers and
 * unregisters VFIO-model listeners (and, for the manager, removes and re-adds a source), one that
 * reads, each for at least a fixed number of operations and until all have done theirs; a run that
 * does not finish within {@link #LIMIT} fails with every thread's stack (a deadlock).
 *
 * <p>Every conversion is one whole 2 MiB unit, so in every state a reader may see, each unit is
 * wholly populated or wholly discarded; a reader's replay of a unit that finds part of it populated
 * has caught half of a conversion. The listeners are the TCK's {@link VfioModelListener} (which
 * flags a map over a mapping or an unmap that cuts one): at the end, each registered one's mappings
 * must equal the populated state within its section, and each unregistered one must hold no
 * mapping. Unlike {@link FacadeLinearizabilityTest} and {@link ManagerLinearizabilityTest}, this
 * checks no order of calls, only these invariants, over much longer runs.
 */
class ConcurrencyStressTest {
  private static final long BLOCK = 4096;
  private static final long UNIT = 2L << 20;
  private static final int UNITS = 64; // a 128 MiB region
  private static final long REGION = UNITS * UNIT;
  private static final int CONVERSIONS = 4000;
  private static final int REGISTRATIONS = 400;
  private static final int READS = 2000;
  private static final int RACES = 20_000;
  private static final int LISTENERS = 3;
  private static final long SEED = 0x57E55L;
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void facade_twoConvertersRegistrarReader(ConversionSemantics semantics) throws Exception {
    RamBlockAttribute attribute = attribute(BLOCK, semantics, null);
    FacadeUnderTest converting = FacadeUnderTest.of(attribute);
    run(attribute, List.of(converting, converting), null, semantics + " facade");
  }

  /** The stress test can fail: the lock-dropping mutant lets the reader see half a unit. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void lockDroppingMutant_caught(ConversionSemantics semantics) {
    RamBlockAttribute attribute = attribute(BLOCK, semantics, null);
    FacadeUnderTest converting = FacadeUnderTest.lockDroppingMidConversion(attribute);
    AssertionError caught =
        assertThrows(
            AssertionError.class,
            () -> run(attribute, List.of(converting, converting), null, semantics + " mutant"));
    assertTrue(caught.getMessage().contains("half"), caught.getMessage());
  }

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void manager_twoAttachedConvertersRegistrarWithAddRemoveReader(ConversionSemantics semantics)
      throws Exception {
    MultiSourceDiscardManager manager = new MultiSourceDiscardManager(REGION, semantics);
    RamBlockAttribute memfd = attribute(BLOCK, semantics, manager);
    RamBlockAttribute plugged = attribute(UNIT, semantics, manager);
    run(
        manager,
        List.of(FacadeUnderTest.of(memfd), FacadeUnderTest.of(plugged)),
        plugged,
        semantics + " manager");
  }

  /**
   * The narrowest race of the lock order: one thread removes and re-adds attribute {@code B} as
   * fast as it can, one converts {@code B} (which must find out, before locking, whether to take
   * the manager's lock too), one converts {@code A} to keep the manager's lock busy, and one reads.
   * A converter that decided "attached" and then waits for the manager's lock while {@code B} is
   * detached and being re-added must not deadlock with the re-adding thread.
   */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void addRemoveRacingConversionsOfTheSameAttribute_noDeadlock(ConversionSemantics semantics)
      throws Exception {
    MultiSourceDiscardManager manager = new MultiSourceDiscardManager(REGION, semantics);
    RamBlockAttribute memfd = attribute(BLOCK, semantics, manager);
    RamBlockAttribute plugged = attribute(UNIT, semantics, manager);
    VfioModelListener vfio = new VfioModelListener("vfio", NotificationLog.discarding(), BLOCK);
    manager.registerListener(vfio, MemoryRegionSection.of(0, REGION));
    Quota quota = new Quota(4);
    SplittableRandom random = new SplittableRandom(SEED);
    SplittableRandom randomB = random.split();
    SplittableRandom randomA = random.split();
    boolean[] attached = {true};
    List<ConcurrentRounds.Worker> workers =
        List.of(
            quota.worker(
                RACES,
                () -> {
                  if (attached[0]) {
                    manager.removeSource(plugged);
                  } else {
                    manager.addSource(plugged);
                  }
                  attached[0] = !attached[0];
                }),
            quota.worker(
                RACES,
                () ->
                    plugged.convert(
                        randomB.nextLong(UNITS) * UNIT,
                        UNIT,
                        randomB.nextBoolean() ? PageState.SHARED : PageState.PRIVATE)),
            quota.worker(
                RACES,
                () ->
                    memfd.convert(
                        randomA.nextLong(UNITS) * UNIT,
                        UNIT,
                        randomA.nextBoolean() ? PageState.SHARED : PageState.PRIVATE)),
            quota.worker(RACES, () -> manager.isPopulated(MemoryRegionSection.of(0, UNIT))));
    try (ConcurrentRounds rounds = new ConcurrentRounds(workers.size(), LIMIT)) {
      rounds.run(workers);
    }
    assertEquals(List.of(), vfio.violations());
  }

  private static RamBlockAttribute attribute(
      long blockSize, ConversionSemantics semantics, @Nullable MultiSourceDiscardManager manager) {
    RamBlockAttribute.Builder builder =
        RamBlockAttribute.builder()
            .regionSize(REGION)
            .blockSize(blockSize)
            .semantics(semantics)
            .store(new ReferenceModelProvider().create(REGION / blockSize));
    if (manager != null) {
      builder.manager(manager);
    }
    return builder.build();
  }

  /**
   * One run: {@code converting.get(i)} is converted by thread {@code i}; listeners are registered
   * on {@code observed}, which the reader queries; if {@code detachable} is given, the registrar
   * also removes it from and re-adds it to the manager {@code observed}.
   */
  private static void run(
      RamDiscardManager observed,
      List<FacadeUnderTest> converting,
      @Nullable RamBlockAttribute detachable,
      String context)
      throws Exception {
    List<VfioModelListener> listeners = new ArrayList<>();
    for (int i = 0; i < LISTENERS; i++) {
      listeners.add(new VfioModelListener("vfio" + i, NotificationLog.discarding(), BLOCK));
    }
    MemoryRegionSection[] sections = new MemoryRegionSection[LISTENERS];
    Quota quota = new Quota(converting.size() + 2);
    List<ConcurrentRounds.Worker> workers = new ArrayList<>();
    for (int i = 0; i < converting.size(); i++) {
      FacadeUnderTest attribute = converting.get(i);
      SplittableRandom random = new SplittableRandom(SEED + i);
      workers.add(
          quota.worker(
              CONVERSIONS,
              () -> {
                long unit = random.nextLong(UNITS);
                PageState target = random.nextBoolean() ? PageState.SHARED : PageState.PRIVATE;
                attribute.convert(unit * UNIT, UNIT, target);
              }));
    }
    SplittableRandom registrarRandom = new SplittableRandom(SEED + 10);
    boolean[] attached = {true};
    workers.add(
        quota.worker(
            REGISTRATIONS,
            () -> {
              int which = registrarRandom.nextInt(LISTENERS + (detachable == null ? 0 : 1));
              if (which == LISTENERS) {
                MultiSourceDiscardManager manager = (MultiSourceDiscardManager) observed;
                if (attached[0]) {
                  manager.removeSource(detachable);
                } else {
                  manager.addSource(detachable);
                }
                attached[0] = !attached[0];
              } else if (sections[which] == null) {
                long from = registrarRandom.nextLong(UNITS);
                long to = from + 1 + registrarRandom.nextLong(UNITS - from);
                sections[which] = MemoryRegionSection.of(from * UNIT, (to - from) * UNIT);
                observed.registerListener(listeners.get(which), sections[which]);
              } else {
                observed.unregisterListener(listeners.get(which));
                sections[which] = null;
                assertEquals(
                    new TreeMap<>(),
                    listeners.get(which).mappedRanges(),
                    context + ": mappings left after unregistering vfio" + which);
              }
            }));
    SplittableRandom readerRandom = new SplittableRandom(SEED + 20);
    workers.add(
        quota.worker(
            READS,
            () -> {
              long unit = readerRandom.nextLong(UNITS);
              long[] populated = {0};
              observed.replayPopulated(
                  MemoryRegionSection.of(unit * UNIT, UNIT), run -> populated[0] += run.size());
              assertTrue(
                  populated[0] == 0 || populated[0] == UNIT,
                  context + ": unit " + unit + " half populated: " + populated[0] + " bytes");
              // Queries that take the same locks as the replay; their answers are not linked (two
              // calls are not atomic together), so only the replay above is checked.
              observed.isPopulated(MemoryRegionSection.of(unit * UNIT, UNIT));
              for (FacadeUnderTest attribute : converting) {
                attribute.stateAt(unit * UNIT + readerRandom.nextLong(UNIT / BLOCK) * BLOCK);
              }
            }));
    try (ConcurrentRounds rounds = new ConcurrentRounds(workers.size(), LIMIT)) {
      rounds.run(workers);
    }
    long mapCalls = listeners.stream().mapToLong(VfioModelListener::mapCalls).sum();
    assertTrue(mapCalls > CONVERSIONS / 10, context + ": listeners were told little: " + mapCalls);
    for (int i = 0; i < LISTENERS; i++) {
      VfioModelListener listener = listeners.get(i);
      assertEquals(List.of(), listener.violations(), context);
      NavigableMap<Long, Long> expected = new TreeMap<>();
      if (sections[i] != null) {
        observed.replayPopulated(
            sections[i],
            run -> {
              var last = expected.lastEntry();
              if (last != null && last.getValue() == run.offsetWithinRegion()) {
                expected.put(last.getKey(), run.offsetWithinRegion() + run.size());
              } else {
                expected.put(run.offsetWithinRegion(), run.offsetWithinRegion() + run.size());
              }
            });
      }
      assertEquals(expected, listener.mappedRanges(), context + ": vfio" + i + " mappings");
    }
  }

  /**
   * Keeps every worker busy until each has done its minimum number of operations, so that none runs
   * alone at the end; a worker that fails stops them all at once.
   */
  private static final class Quota {
    private final AtomicInteger belowMinimum;
    private final AtomicBoolean failed = new AtomicBoolean();

    Quota(int workers) {
      this.belowMinimum = new AtomicInteger(workers);
    }

    /** A worker that repeats {@code operation} at least {@code minimum} times. */
    ConcurrentRounds.Worker worker(int minimum, Runnable operation) {
      return (thread, step) -> {
        try {
          for (int done = 0; !failed.get() && (done < minimum || belowMinimum.get() > 0); ) {
            operation.run();
            if (++done == minimum) {
              belowMinimum.decrementAndGet();
            }
          }
        } catch (RuntimeException | Error e) {
          failed.set(true);
          throw e;
        }
      };
    }
  }
}
