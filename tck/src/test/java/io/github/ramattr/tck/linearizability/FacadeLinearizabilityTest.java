/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.RamDiscardListener;
import io.github.ramattr.tck.ReferenceModelProvider;
import io.github.ramattr.tck.linearizability.FacadeModel.Convert;
import io.github.ramattr.tck.linearizability.FacadeModel.IsPopulated;
import io.github.ramattr.tck.linearizability.FacadeModel.Register;
import io.github.ramattr.tck.linearizability.FacadeModel.ReplayPopulated;
import io.github.ramattr.tck.linearizability.FacadeModel.StateAt;
import io.github.ramattr.tck.linearizability.FacadeModel.Unregister;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
 * replayPopulated}); all released together, in {@value #STEPS} lock steps of one call each (two for
 * the reader), 30 calls, every one of which is checked, notifications included (per listener and
 * call, as block sets: see {@link Observed}). What is linearizable: each of these calls on its own.
 * Sequences of calls are not atomic, and listener callbacks are part of the call that caused them.
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
class FacadeLinearizabilityTest {
  static final long BLOCK = 4096;
  static final int BLOCKS = 16;

  /** Each thread's calls go in this many lock steps (see {@link ConcurrentRounds}). */
  static final int STEPS = 6;

  static final int READS_PER_STEP = 2;
  static final int ROUNDS = Integer.getInteger("ramattr.tck.linearizability.rounds", 200);
  static final int MUTANT_ROUNDS = 3000;
  static final long SEED = 0x11EA_12AB_1E00L;
  static final Duration ROUND_LIMIT = Duration.ofSeconds(20);

  /** The blocks listener R refuses to have populated (ATOMIC rounds only). */
  static final long POISONED = (1L << 5) | (1L << 11);

  // ---------------------------------------------------------------- the facade

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void facade_everyHistoryLinearizable(ConversionSemantics semantics) throws Exception {
    int overlapping = 0;
    int rejected = 0;
    try (ConcurrentRounds rounds = new ConcurrentRounds(4, ROUND_LIMIT)) {
      for (int round = 0; round < ROUNDS; round++) {
        long seed = SEED + round;
        RoundResult checked = round(rounds, semantics, seed, FacadeUnderTest::of);
        if (checked.violation().isPresent()) {
          fail(semantics + " round " + round + " seed " + seed + ": " + checked.violation().get());
        }
        overlapping += checked.writeOverlappedCall() ? 1 : 0;
        rejected += checked.rejectedCalls();
      }
    }
    // Else the check was vacuous: threads that never overlap make every history sequential.
    assertTrue(
        overlapping >= ROUNDS / 10,
        "only "
            + overlapping
            + " of "
            + ROUNDS
            + " rounds had a write overlap another thread's call");
    // In ATOMIC mode listener R refuses some calls: else the rollbacks were never checked.
    assertTrue(
        semantics != ConversionSemantics.ATOMIC || rejected > 0,
        "no call was refused in " + ROUNDS + " ATOMIC rounds");
  }

  // ---------------------------------------------------------------- the planted mutant

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void lockDroppingMutant_rejected(ConversionSemantics semantics) throws Exception {
    try (ConcurrentRounds rounds = new ConcurrentRounds(4, ROUND_LIMIT)) {
      for (int round = 0; round < MUTANT_ROUNDS; round++) {
        Optional<String> violation =
            round(rounds, semantics, SEED + round, FacadeUnderTest::lockDroppingMidConversion)
                .violation();
        if (violation.isPresent()) {
          String firstLines = violation.get().lines().limit(6).reduce("", (a, b) -> a + "\n" + b);
          System.out.println(
              "lock-dropping mutant (" + semantics + ") rejected in round " + round + firstLines);
          return;
        }
      }
    }
    fail("the lock-dropping mutant passed " + MUTANT_ROUNDS + " rounds (" + semantics + ")");
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
            new Call<>(2, 5, 6, new ReplayPopulated(0, 4), Observed.of("[0,4)")));
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
            new Call<>(1, 2, 3, new ReplayPopulated(0, 4), Observed.of("[0,2)")));
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
            new Call<>(0, 1, 2, new Register("L0", 0, 2, 0), Observed.of(Observed.OK)),
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
  static RoundResult round(
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
    rounds.run(workers);
    assertEquals(List.of(), recorder.strayCallbacks(), "seed " + seed);
    return RoundResult.of(
        new FacadeModel(initiallyShared, List.of()),
        recorder.history(),
        FacadeLinearizabilityTest::isWrite);
  }

  private static boolean isWrite(SequentialOperation<FacadeModel> operation) {
    return operation instanceof Convert
        || operation instanceof Register
        || operation instanceof Unregister;
  }

  private static ConcurrentRounds.Worker converter(
      FacadeUnderTest facade, HistoryRecorder<FacadeModel> recorder, SplittableRandom random) {
    return (thread, step) -> {
      for (int i = 0; i < STEPS; i++) {
        step.next();
        int from = random.nextInt(BLOCKS);
        int to = from + 1 + random.nextInt(BLOCKS - from);
        PageState target = random.nextBoolean() ? PageState.SHARED : PageState.PRIVATE;
        recorder.call(
            thread,
            new Convert(from, to, target),
            () -> {
              facade.convert(from * BLOCK, (to - from) * BLOCK, target);
              return Observed.OK;
            });
      }
    };
  }

  /**
   * Registers and unregisters L0 and L1, and in {@code ATOMIC} mode also R, which refuses every
   * populate touching a block of {@link #POISONED}.
   */
  private static ConcurrentRounds.Worker registrar(
      FacadeUnderTest facade,
      HistoryRecorder<FacadeModel> recorder,
      SplittableRandom random,
      ConversionSemantics semantics) {
    return (thread, step) -> {
      List<RamDiscardListener> listeners = new ArrayList<>();
      listeners.add(recorder.listener("L0"));
      listeners.add(recorder.listener("L1"));
      if (semantics == ConversionSemantics.ATOMIC) {
        listeners.add(recorder.refusingListener("R", POISONED));
      }
      boolean[] registered = new boolean[listeners.size()];
      for (int i = 0; i < STEPS; i++) {
        step.next();
        int which = random.nextInt(listeners.size());
        RamDiscardListener listener = listeners.get(which);
        Object result;
        if (registered[which]) {
          result =
              recorder.call(
                  thread,
                  new Unregister(listener.toString()),
                  () -> {
                    facade.unregisterListener(listener);
                    return Observed.OK;
                  });
        } else {
          int from = random.nextInt(BLOCKS);
          int to = from + 1 + random.nextInt(BLOCKS - from);
          long poisoned = listener.toString().equals("R") ? POISONED : 0;
          result =
              recorder.call(
                  thread,
                  new Register(listener.toString(), from, to, poisoned),
                  () -> {
                    facade.registerListener(listener, blocks(from, to));
                    return Observed.OK;
                  });
        }
        if (Observed.OK.equals(result)) {
          registered[which] = !registered[which];
        }
      }
    };
  }

  private static ConcurrentRounds.Worker reader(
      FacadeUnderTest facade, HistoryRecorder<FacadeModel> recorder, SplittableRandom random) {
    return (thread, step) -> {
      for (int i = 0; i < STEPS * READS_PER_STEP; i++) {
        if (i % READS_PER_STEP == 0) {
          step.next();
        }
        int from = random.nextInt(BLOCKS);
        int to = from + 1 + random.nextInt(BLOCKS - from);
        switch (random.nextInt(4)) {
          case 0 -> recorder.call(thread, new StateAt(from), () -> facade.stateAt(from * BLOCK));
          case 1 ->
              recorder.call(
                  thread, new IsPopulated(from, to), () -> facade.isPopulated(blocks(from, to)));
          case 2 ->
              recorder.call(thread, new ReplayPopulated(from, to), () -> replay(facade, from, to));
          default ->
              recorder.call(
                  thread, new ReplayPopulated(0, BLOCKS), () -> replay(facade, 0, BLOCKS));
        }
      }
    };
  }

  /** The populated runs of blocks {@code [from, to)} as the facade replays them, one by one. */
  static String replay(FacadeUnderTest facade, int from, int to) {
    StringBuilder runs = new StringBuilder();
    facade.replayPopulated(
        blocks(from, to),
        run -> {
          HistoryRecorder.pauseInsideCall();
          runs.append('[')
              .append(run.offsetWithinRegion() / BLOCK)
              .append(',')
              .append((run.offsetWithinRegion() + run.size()) / BLOCK)
              .append(')');
        });
    return runs.toString();
  }

  static MemoryRegionSection blocks(long from, long to) {
    return MemoryRegionSection.of(from * BLOCK, (to - from) * BLOCK);
  }
}
