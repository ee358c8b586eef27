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
import io.github.ramattr.tck.linearizability.ListenerModel.IsPopulated;
import io.github.ramattr.tck.linearizability.ListenerModel.Register;
import io.github.ramattr.tck.linearizability.ListenerModel.ReplayPopulated;
import io.github.ramattr.tck.linearizability.ListenerModel.Unregister;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the facade's and the manager's linearizability tests share: the two tests (every history of
 * the real code linearizable, the planted mutant rejected), the round counts and limits, the
 * converter, registrar and reader calls on whatever holds the listeners, and block arithmetic. A
 * subclass says how one round is set up and which threads make which calls ({@link #round}).
 */
abstract class AbstractLinearizabilityTest {
  /** Bytes per block of the model (4 KiB). */
  static final long BLOCK = 4096;

  /** Each thread's calls go in this many lock steps (see {@link ConcurrentRounds}). */
  static final int STEPS = 6;

  /** The reader's calls per lock step. */
  static final int READS_PER_STEP = 2;

  /** Rounds per semantics; {@code -Dramattr.tck.linearizability.rounds} for longer runs. */
  static final int ROUNDS = Integer.getInteger("ramattr.tck.linearizability.rounds", 200);

  /** Rounds the planted mutant may survive before its test fails. */
  static final int MUTANT_ROUNDS = 3000;

  /** How long one round may take before it fails with every thread's stack. */
  static final Duration ROUND_LIMIT = Duration.ofSeconds(20);

  /** The blocks listener R refuses to have populated ({@code ATOMIC} rounds only). */
  static final long POISONED = (1L << 5) | (1L << 11);

  /**
   * Runs one round from {@code seed}, every conversion going through what {@code underTest} makes
   * of its attribute (the attribute itself, or the mutant around it), and checks its history.
   */
  abstract RoundResult round(
      ConcurrentRounds rounds,
      ConversionSemantics semantics,
      long seed,
      Function<RamBlockAttribute, FacadeUnderTest> underTest)
      throws InterruptedException;

  /** The seed of the first round; round i has seed {@code firstSeed() + i}. */
  abstract long firstSeed();

  /**
   * Runs {@link #ROUNDS} rounds over the real code and fails with the seed of the first that is not
   * linearizable; fails too if the check was vacuous: too few rounds in which a write overlapped
   * another thread's call (threads that never overlap make every history sequential), or, in {@code
   * ATOMIC} mode, no call refused (the rollbacks were never checked).
   */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void everyHistoryLinearizable(ConversionSemantics semantics) throws Exception {
    int overlapping = 0;
    int rejected = 0;
    try (ConcurrentRounds rounds = new ConcurrentRounds(4, ROUND_LIMIT)) {
      for (int i = 0; i < ROUNDS; i++) {
        long seed = firstSeed() + i;
        RoundResult checked = round(rounds, semantics, seed, FacadeUnderTest::of);
        if (checked.violation().isPresent()) {
          fail(semantics + " round " + i + " seed " + seed + ": " + checked.violation().get());
        }
        overlapping += checked.writeOverlappedCall() ? 1 : 0;
        rejected += checked.rejectedCalls();
      }
    }
    assertTrue(
        overlapping >= ROUNDS / 10,
        "only "
            + overlapping
            + " of "
            + ROUNDS
            + " rounds had a write overlap another thread's call");
    assertTrue(
        semantics != ConversionSemantics.ATOMIC || rejected > 0,
        "no call was refused in " + ROUNDS + " ATOMIC rounds");
  }

  /**
   * Runs up to {@link #MUTANT_ROUNDS} rounds over {@link FacadeUnderTest#lockDroppingMidConversion
   * the planted mutant} and fails if none is rejected; prints the first lines of the violation that
   * rejected it.
   */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void lockDroppingMutant_rejected(ConversionSemantics semantics) throws Exception {
    String what = getClass().getSimpleName();
    try (ConcurrentRounds rounds = new ConcurrentRounds(4, ROUND_LIMIT)) {
      for (int i = 0; i < MUTANT_ROUNDS; i++) {
        Optional<String> violation =
            round(rounds, semantics, firstSeed() + i, FacadeUnderTest::lockDroppingMidConversion)
                .violation();
        if (violation.isPresent()) {
          String firstLines = violation.get().lines().limit(6).reduce("", (a, b) -> a + "\n" + b);
          System.out.println(
              what
                  + ": lock-dropping mutant ("
                  + semantics
                  + ") rejected in round "
                  + i
                  + firstLines);
          return;
        }
      }
    }
    fail(
        what
            + ": the lock-dropping mutant passed "
            + MUTANT_ROUNDS
            + " rounds ("
            + semantics
            + ")");
  }

  // ---------------------------------------------------------------- the workers

  /** The model's conversion of blocks {@code [from, to)} to {@code target}. */
  @FunctionalInterface
  interface ConvertOperation<S> {
    SequentialOperation<S> of(int from, int to, PageState target);
  }

  /** The real conversion of blocks {@code [from, to)} to {@code target}. */
  @FunctionalInterface
  interface Conversion {
    void convert(int from, int to, PageState target);
  }

  /**
   * A worker that converts one random range of blocks in {@code [0, blocks)} to a random state in
   * each lock step, recorded as {@code operation}.
   */
  static <S> ConcurrentRounds.Worker converter(
      HistoryRecorder<S> recorder,
      SplittableRandom random,
      int blocks,
      ConvertOperation<S> operation,
      Conversion conversion) {
    return rangeCalls(
        random,
        blocks,
        1,
        (thread, from, to) -> {
          PageState target = random.nextBoolean() ? PageState.SHARED : PageState.PRIVATE;
          recorder.call(
              thread,
              operation.of(from, to, target),
              () -> {
                conversion.convert(from, to, target);
                return Observed.OK;
              });
        });
  }

  /**
   * The registrar's listeners, L0 and L1 and in {@code ATOMIC} mode R (which refuses every populate
   * touching a block of {@link #POISONED}), and which of them are registered now. Made on the
   * registrar's thread.
   */
  static final class Registrar<S extends ListenerModel<S>> {
    private final HistoryRecorder<S> recorder;
    private final int blocks;
    private final BiConsumer<RamDiscardListener, MemoryRegionSection> register;
    private final Consumer<RamDiscardListener> unregister;
    private final List<RamDiscardListener> listeners = new ArrayList<>();
    private final boolean[] registered;

    Registrar(
        HistoryRecorder<S> recorder,
        ConversionSemantics semantics,
        int blocks,
        BiConsumer<RamDiscardListener, MemoryRegionSection> register,
        Consumer<RamDiscardListener> unregister) {
      this.recorder = recorder;
      this.blocks = blocks;
      this.register = register;
      this.unregister = unregister;
      listeners.add(recorder.listener("L0"));
      listeners.add(recorder.listener("L1"));
      if (semantics == ConversionSemantics.ATOMIC) {
        listeners.add(recorder.refusingListener("R", POISONED));
      }
      registered = new boolean[listeners.size()];
    }

    int listenerCount() {
      return listeners.size();
    }

    /**
     * Unregisters listener {@code which} if it is registered, else registers it on a random section
     * of blocks; remembers the change if the call succeeded.
     */
    void toggle(int thread, SplittableRandom random, int which) {
      RamDiscardListener listener = listeners.get(which);
      String name = listener.toString();
      Object result;
      if (registered[which]) {
        result =
            recorder.call(
                thread,
                new Unregister<>(name),
                () -> {
                  unregister.accept(listener);
                  return Observed.OK;
                });
      } else {
        int from = random.nextInt(blocks);
        int to = from + 1 + random.nextInt(blocks - from);
        long poisoned = name.equals("R") ? POISONED : 0;
        result =
            recorder.call(
                thread,
                new Register<>(name, from, to, poisoned),
                () -> {
                  register.accept(listener, blocks(from, to));
                  return Observed.OK;
                });
      }
      if (Observed.OK.equals(result)) {
        registered[which] = !registered[which];
      }
    }
  }

  /**
   * One reader call on the populated state of blocks {@code [from, to)}: {@code kind} 0 asks {@code
   * isPopulated}, 1 replays the blocks, any other replays all {@code blocks}.
   */
  static <S extends ListenerModel<S>> void readPopulated(
      HistoryRecorder<S> recorder,
      int thread,
      int kind,
      int from,
      int to,
      int blocks,
      Predicate<MemoryRegionSection> isPopulated,
      BiConsumer<MemoryRegionSection, Consumer<MemoryRegionSection>> replayPopulated) {
    switch (kind) {
      case 0 ->
          recorder.call(
              thread, new IsPopulated<>(from, to), () -> isPopulated.test(blocks(from, to)));
      case 1 ->
          recorder.call(
              thread, new ReplayPopulated<>(from, to), () -> replay(replayPopulated, from, to));
      default ->
          recorder.call(
              thread, new ReplayPopulated<>(0, blocks), () -> replay(replayPopulated, 0, blocks));
    }
  }

  /** One call of a worker on blocks {@code [from, to)}. */
  @FunctionalInterface
  interface RangeCall {
    void make(int thread, int from, int to);
  }

  /**
   * A worker that makes {@code perStep} calls in each of the {@link #STEPS} lock steps, each on a
   * random range of blocks in {@code [0, blocks)} drawn from {@code random} (before anything {@code
   * call} draws).
   */
  static ConcurrentRounds.Worker rangeCalls(
      SplittableRandom random, int blocks, int perStep, RangeCall call) {
    return (thread, step) -> {
      for (int i = 0; i < STEPS * perStep; i++) {
        if (i % perStep == 0) {
          step.next();
        }
        int from = random.nextInt(blocks);
        int to = from + 1 + random.nextInt(blocks - from);
        call.make(thread, from, to);
      }
    };
  }

  // ---------------------------------------------------------------- judging a round

  /**
   * Runs {@code workers} as one round, fails on a callback outside any recorded call, and checks
   * the history from {@code initial}; {@code isWrite} tells the calls that change state, besides
   * registrations and unregistrations.
   */
  static <S> RoundResult runAndCheck(
      ConcurrentRounds rounds,
      List<ConcurrentRounds.Worker> workers,
      HistoryRecorder<S> recorder,
      long seed,
      S initial,
      Predicate<SequentialOperation<S>> isWrite)
      throws InterruptedException {
    rounds.run(workers);
    assertEquals(List.of(), recorder.strayCallbacks(), "seed " + seed);
    return RoundResult.of(
        initial,
        recorder.history(),
        operation ->
            operation instanceof Register<?>
                || operation instanceof Unregister<?>
                || isWrite.test(operation));
  }

  /** The populated runs of blocks {@code [from, to)} as replayed, one by one, pausing inside. */
  static String replay(
      BiConsumer<MemoryRegionSection, Consumer<MemoryRegionSection>> replayPopulated,
      int from,
      int to) {
    StringBuilder runs = new StringBuilder();
    replayPopulated.accept(
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

  /** The section of blocks {@code [from, to)}. */
  static MemoryRegionSection blocks(long from, long to) {
    return MemoryRegionSection.of(from * BLOCK, (to - from) * BLOCK);
  }
}
