/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.tck.ReferenceModelProvider;
import io.github.ramattr.tck.linearizability.FacadeModel.Convert;
import io.github.ramattr.tck.linearizability.FacadeModel.StateAt;
import io.github.ramattr.tck.linearizability.ListenerModel.Register;
import io.github.ramattr.tck.linearizability.ListenerModel.ReplayPopulated;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link RamBlockAttribute}: every recorded concurrent history of conversions,
 * registrations, unregistrations and queries must have a legal sequential order in {@link
 * FacadeModel}, checked by {@link LinearizabilityChecker}.
 *
 * <p>One round: a fresh attribute of {@value #BLOCKS} blocks with a random initial state; two
 * threads convert random ranges (either target), one registers and unregisters two listeners with
 * random sections (three in {@code ATOMIC} mode: the third refuses populates of two blocks, so
 * conversions and registrations are refused and rolled back, and readers must not see the
 * rollback's transient state either), one reads ({@code stateAt}, {@code isPopulated}, {@code
 * replayPopulated}); all released together, in {@value AbstractLinearizabilityTest#STEPS} lock
 * steps of one call each (two for the reader), 30 calls, every one of which is checked,
 * notifications included (per listener and call, as block sets: see {@link Observed}). What is
 * linearizable: each of these calls on its own. Sequences of calls are not atomic, and listener
 * callbacks are part of the call that caused them.
 *
 * <p>Size: 200 rounds per semantics by default, under a second each here, enough to catch {@link
 * FacadeUnderTest#lockDroppingMidConversion the planted mutant} in far fewer rounds (that test
 * asserts it). A longer run (5,000 rounds take about 20 s here, 100,000 about 7 minutes):
 *
 * <pre>{@code
 * mvn -B -pl tck -am test -Dtest='*LinearizabilityTest' -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsurefire.jvm.args="-Xss8m -Dramattr.tck.linearizability.rounds=100000"
 * }</pre>
 *
 * explores more interleavings of the same four roles: rarer ones such as a registration replay
 * between two conversions that both touch the new listener's section while the reader is inside, or
 * a refused conversion whose rollback overlaps a replay. The seed of each round is in the failure
 * message.
 */
class FacadeLinearizabilityTest extends AbstractLinearizabilityTest {
  static final int BLOCKS = 16;

  @Override
  long firstSeed() {
    return 0x11EA_12AB_1E00L;
  }

  // ---------------------------------------------------------------- the checker itself

  /** Two overlapping conversions: either order is legal, and the reader after both decides. */
  @Test
  void checker_overlappingCalls_eitherOrder() {
    FacadeModel empty = new FacadeModel(0, List.of());
    Convert shareAll = new Convert(0, 4, PageState.SHARED);
    Convert freeTwo = new Convert(2, 4, PageState.PRIVATE);
    List<Call<FacadeModel>> shareLast =
        List.of(
            new Call<>(0, 1, 4, shareAll, Observed.of(Observed.OK)),
            new Call<>(1, 2, 3, freeTwo, Observed.of(Observed.OK)),
            new Call<>(2, 5, 6, new ReplayPopulated<FacadeModel>(0, 4), Observed.of("[0,4)")));
    assertEquals(Optional.empty(), LinearizabilityChecker.findViolation(empty, shareLast));
    List<Call<FacadeModel>> freeLast =
        List.of(
            shareLast.get(0),
            shareLast.get(1),
            new Call<>(2, 5, 6, shareLast.get(2).operation(), Observed.of("[0,2)")));
    assertEquals(Optional.empty(), LinearizabilityChecker.findViolation(empty, freeLast));
  }

  /** A reader that sees half of a conversion after it returned cannot be placed. */
  @Test
  void checker_halfConversionSeen_rejected() {
    FacadeModel empty = new FacadeModel(0, List.of());
    List<Call<FacadeModel>> torn =
        List.of(
            new Call<>(0, 1, 4, new Convert(0, 4, PageState.SHARED), Observed.of(Observed.OK)),
            new Call<>(1, 2, 3, new ReplayPopulated<FacadeModel>(0, 4), Observed.of("[0,2)")));
    Optional<String> violation = LinearizabilityChecker.findViolation(empty, torn);
    assertTrue(violation.isPresent());
    assertTrue(
        violation.get().contains("replayPopulated[0,4) -> [0,2) / model: "), violation.get());
  }

  /** Real-time order binds: a read that started after a conversion returned must see it. */
  @Test
  void checker_staleReadAfterReturn_rejected() {
    FacadeModel empty = new FacadeModel(0, List.of());
    List<Call<FacadeModel>> stale =
        List.of(
            new Call<>(0, 1, 2, new Convert(3, 4, PageState.SHARED), Observed.of(Observed.OK)),
            new Call<>(1, 3, 4, new StateAt(3), Observed.of(PageState.PRIVATE)));
    assertTrue(LinearizabilityChecker.findViolation(empty, stale).isPresent());
    // The same read overlapping the conversion may see either state.
    List<Call<FacadeModel>> overlapping =
        List.of(stale.get(0), new Call<>(1, 0, 4, new StateAt(3), Observed.of(PageState.PRIVATE)));
    assertEquals(Optional.empty(), LinearizabilityChecker.findViolation(empty, overlapping));
  }

  /** A listener told of a conversion it was not registered for at any legal point. */
  @Test
  void checker_notificationToUnregisteredListener_rejected() {
    FacadeModel empty = new FacadeModel(0, List.of());
    List<Call<FacadeModel>> wrong =
        List.of(
            new Call<>(0, 1, 2, new Register<FacadeModel>("L0", 0, 2, 0), Observed.of(Observed.OK)),
            new Call<>(
                1,
                3,
                4,
                new Convert(2, 4, PageState.SHARED),
                Observed.of(
                    Observed.OK,
                    java.util.Map.of("L0", new Observed.Effect(Observed.Blocks.range(2, 4), 0)))));
    assertTrue(LinearizabilityChecker.findViolation(empty, wrong).isPresent());
  }

  // ---------------------------------------------------------------- one round

  /**
   * Runs one round over a facade made by {@code underTest} from a fresh attribute, and checks its
   * history.
   */
  @Override
  RoundResult round(
      ConcurrentRounds rounds,
      ConversionSemantics semantics,
      long seed,
      Function<RamBlockAttribute, FacadeUnderTest> underTest)
      throws InterruptedException {
    SplittableRandom random = new SplittableRandom(seed);
    RamBlockAttribute attribute =
        RamBlockAttribute.builder()
            .regionSize(BLOCKS * BLOCK)
            .blockSize(BLOCK)
            .semantics(semantics)
            .store(new ReferenceModelProvider().create(BLOCKS))
            .build();
    long initiallyShared = random.nextLong() & Observed.Blocks.range(0, BLOCKS);
    for (int block = 0; block < BLOCKS; block++) {
      if ((initiallyShared & (1L << block)) != 0) {
        attribute.convert(block * BLOCK, BLOCK, PageState.SHARED);
      }
    }
    FacadeUnderTest facade = underTest.apply(attribute);
    HistoryRecorder<FacadeModel> recorder = new HistoryRecorder<>(BLOCK);
    List<ConcurrentRounds.Worker> workers = new ArrayList<>();
    for (int converter = 0; converter < 2; converter++) {
      workers.add(converter(facade, recorder, random.split()));
    }
    workers.add(registrar(facade, recorder, random.split(), semantics));
    workers.add(reader(facade, recorder, random.split()));
    return runAndCheck(
        rounds,
        workers,
        recorder,
        seed,
        new FacadeModel(initiallyShared, List.of()),
        operation -> operation instanceof Convert);
  }

  private static ConcurrentRounds.Worker converter(
      FacadeUnderTest facade, HistoryRecorder<FacadeModel> recorder, SplittableRandom random) {
    return converter(
        recorder,
        random,
        BLOCKS,
        Convert::new,
        (from, to, target) -> facade.convert(from * BLOCK, (to - from) * BLOCK, target));
  }

  /** Registers and unregisters the {@link Registrar}'s listeners on the facade. */
  private static ConcurrentRounds.Worker registrar(
      FacadeUnderTest facade,
      HistoryRecorder<FacadeModel> recorder,
      SplittableRandom random,
      ConversionSemantics semantics) {
    return (thread, step) -> {
      Registrar<FacadeModel> registrar =
          new Registrar<>(
              recorder, semantics, BLOCKS, facade::registerListener, facade::unregisterListener);
      for (int i = 0; i < STEPS; i++) {
        step.next();
        registrar.toggle(thread, random, random.nextInt(registrar.listenerCount()));
      }
    };
  }

  /** Reads {@code stateAt}, or the populated state as {@link #readPopulated} does. */
  private static ConcurrentRounds.Worker reader(
      FacadeUnderTest facade, HistoryRecorder<FacadeModel> recorder, SplittableRandom random) {
    return rangeCalls(
        random,
        BLOCKS,
        READS_PER_STEP,
        (thread, from, to) -> {
          int kind = random.nextInt(4);
          if (kind == 0) {
            recorder.call(thread, new StateAt(from), () -> facade.stateAt(from * BLOCK));
          } else {
            readPopulated(
                recorder,
                thread,
                kind - 1,
                from,
                to,
                BLOCKS,
                facade::isPopulated,
                facade::replayPopulated);
          }
        });
  }
}
