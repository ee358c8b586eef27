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
import io.github.ramattr.MultiSourceDiscardManager;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.RamDiscardListener;
import io.github.ramattr.tck.ReferenceModelProvider;
import io.github.ramattr.tck.linearizability.ManagerModel.AttachB;
import io.github.ramattr.tck.linearizability.ManagerModel.Convert;
import io.github.ramattr.tck.linearizability.ManagerModel.IsPopulated;
import io.github.ramattr.tck.linearizability.ManagerModel.Register;
import io.github.ramattr.tck.linearizability.ManagerModel.ReplayPopulated;
import io.github.ramattr.tck.linearizability.ManagerModel.StateAt;
import io.github.ramattr.tck.linearizability.ManagerModel.Unregister;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Linearizability of {@link MultiSourceDiscardManager} with two attached {@link
 * RamBlockAttribute}s: every recorded concurrent history must have a legal sequential order in
 * {@link ManagerModel}.
 *
 * <p>One round: a fresh manager over {@value ManagerModel#BLOCKS} blocks of 4 KiB, attribute {@code
 * A} (4 KiB blocks) attached and {@code B} (8 KiB blocks) attached or not, both with a random
 * initial state. Thread 0 converts random ranges of {@code A}, thread 1 of {@code B}; thread 2
 * registers and unregisters two listeners on the manager and removes and re-adds {@code B}; thread
 * 3 reads ({@code isPopulated} and {@code replayPopulated} of the manager, {@code stateAt} of each
 * attribute). All in {@value #STEPS} lock steps, 30 calls, every one checked with the notifications
 * it caused (as block sets per listener, see {@link Observed}). What is linearizable: each call on
 * its own; a listener callback belongs to the call that caused it. The lock order (manager before
 * attribute) is exercised by conversions of attached attributes racing {@code addSource}/{@code
 * removeSource} of one of them: a deadlock fails the round after {@link #ROUND_LIMIT} with every
 * thread's stack.
 *
 * <p>Size: 200 rounds per semantics by default, a few seconds here. A longer run (5,000 rounds take
 * about 20 s here, 100,000 about 7 minutes), with the command in {@link FacadeLinearizabilityTest},
 * explores rarer interleavings, such as a conversion of {@code B} that starts while {@code B} is
 * being attached and must lock again in the manager-first order. The seed of each round is in the
 * failure message.
 */
class ManagerLinearizabilityTest {
  static final long BLOCK = 4096;
  static final long BLOCK_B = 2 * BLOCK;
  static final int BLOCKS = ManagerModel.BLOCKS;
  static final int STEPS = 6;
  static final int READS_PER_STEP = 2;
  static final int ROUNDS = Integer.getInteger("ramattr.tck.linearizability.rounds", 200);
  static final int MUTANT_ROUNDS = 3000;
  static final long SEED = 0x3A1A_6E12L;
  static final Duration ROUND_LIMIT = Duration.ofSeconds(20);

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void manager_everyHistoryLinearizable(ConversionSemantics semantics) throws Exception {
    int overlapping = 0;
    int rejected = 0;
    try (ConcurrentRounds rounds = new ConcurrentRounds(4, ROUND_LIMIT)) {
      for (int round = 0; round < ROUNDS; round++) {
        long seed = SEED + round;
        RoundResult result = round(rounds, semantics, seed, FacadeUnderTest::of);
        if (result.violation().isPresent()) {
          fail(semantics + " round " + round + " seed " + seed + ": " + result.violation().get());
        }
        overlapping += result.writeOverlappedCall() ? 1 : 0;
        rejected += result.rejectedCalls();
      }
    }
    assertTrue(
        overlapping >= ROUNDS / 10,
        "only " + overlapping + " of " + ROUNDS + " rounds had a write overlap another call");
    // In ATOMIC mode listener R refuses some calls: else the rollbacks were never checked.
    assertTrue(
        semantics != ConversionSemantics.ATOMIC || rejected > 0,
        "no call was refused in " + ROUNDS + " ATOMIC rounds");
  }

  /**
   * The planted mutant: both attributes convert through {@link
   * FacadeUnderTest#lockDroppingMidConversion}, which releases the manager's and the attribute's
   * locks between the two halves of a conversion.
   */
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
              "manager: lock-dropping mutant ("
                  + semantics
                  + ") rejected in round "
                  + round
                  + firstLines);
          return;
        }
      }
    }
    fail("the lock-dropping mutant passed " + MUTANT_ROUNDS + " rounds (" + semantics + ")");
  }

  // ---------------------------------------------------------------- one round

  private static RamBlockAttribute attribute(
      long blockSize, ConversionSemantics semantics, MultiSourceDiscardManager manager) {
    return RamBlockAttribute.builder()
        .regionSize(BLOCKS * BLOCK)
        .blockSize(blockSize)
        .semantics(semantics)
        .store(new ReferenceModelProvider().create(BLOCKS * BLOCK / blockSize))
        .manager(manager)
        .build();
  }

  /** Shares the blocks of {@code mask} (in 4 KiB blocks) one attribute block at a time. */
  private static void share(RamBlockAttribute attribute, long mask) {
    long perBlock = attribute.blockSize() / BLOCK;
    for (long block = 0; block < BLOCKS; block += perBlock) {
      if ((mask & (1L << block)) != 0) {
        attribute.convert(block * BLOCK, attribute.blockSize(), PageState.SHARED);
      }
    }
  }

  /**
   * Runs one round; {@code converting} makes what each converter thread converts through (the
   * attribute itself, or the mutant around it).
   */
  static RoundResult round(
      ConcurrentRounds rounds,
      ConversionSemantics semantics,
      long seed,
      Function<RamBlockAttribute, FacadeUnderTest> converting)
      throws InterruptedException {
    SplittableRandom random = new SplittableRandom(seed);
    MultiSourceDiscardManager manager = new MultiSourceDiscardManager(BLOCKS * BLOCK, semantics);
    RamBlockAttribute a = attribute(BLOCK, semantics, manager);
    RamBlockAttribute b = attribute(BLOCK_B, semantics, manager);
    long sharedA = random.nextLong() & Observed.Blocks.range(0, BLOCKS);
    long sharedB = 0;
    for (int block = 0; block < BLOCKS; block += 2) {
      sharedB |= random.nextInt(4) == 0 ? 0 : 3L << block; // mostly plugged
    }
    share(a, sharedA);
    share(b, sharedB);
    boolean attachedB = random.nextBoolean();
    if (!attachedB) {
      manager.removeSource(b);
    }
    HistoryRecorder<ManagerModel> recorder = new HistoryRecorder<>(BLOCK);
    List<ConcurrentRounds.Worker> workers = new ArrayList<>();
    workers.add(converter("A", converting.apply(a), BLOCK, recorder, random.split()));
    workers.add(converter("B", converting.apply(b), BLOCK_B, recorder, random.split()));
    workers.add(registrar(manager, b, attachedB, recorder, random.split()));
    workers.add(reader(manager, a, b, recorder, random.split()));
    rounds.run(workers);
    assertEquals(List.of(), recorder.strayCallbacks(), "seed " + seed);
    return RoundResult.of(
        new ManagerModel(sharedA, sharedB, attachedB, List.of()),
        recorder.history(),
        ManagerLinearizabilityTest::isWrite);
  }

  private static boolean isWrite(SequentialOperation<ManagerModel> operation) {
    return operation instanceof Convert
        || operation instanceof AttachB
        || operation instanceof Register
        || operation instanceof Unregister;
  }

  private static ConcurrentRounds.Worker converter(
      String name,
      FacadeUnderTest attribute,
      long blockSize,
      HistoryRecorder<ManagerModel> recorder,
      SplittableRandom random) {
    long perBlock = blockSize / BLOCK;
    int blocks = (int) (BLOCKS / perBlock);
    return (thread, step) -> {
      for (int i = 0; i < STEPS; i++) {
        step.next();
        int from = random.nextInt(blocks);
        int to = from + 1 + random.nextInt(blocks - from);
        PageState target = random.nextBoolean() ? PageState.SHARED : PageState.PRIVATE;
        recorder.call(
            thread,
            new Convert(name, from * perBlock, to * perBlock, target),
            () -> {
              attribute.convert(from * blockSize, (to - from) * blockSize, target);
              return Observed.OK;
            });
      }
    };
  }

  /**
   * Registers and unregisters L0 and L1 (and in {@code ATOMIC} mode R, which refuses every populate
   * touching a block of {@link FacadeLinearizabilityTest#POISONED}) on the manager, and removes and
   * re-adds {@code b}.
   */
  private static ConcurrentRounds.Worker registrar(
      MultiSourceDiscardManager manager,
      RamBlockAttribute b,
      boolean initiallyAttached,
      HistoryRecorder<ManagerModel> recorder,
      SplittableRandom random) {
    return (thread, step) -> {
      List<RamDiscardListener> listeners = new ArrayList<>();
      listeners.add(recorder.listener("L0"));
      listeners.add(recorder.listener("L1"));
      if (manager.semantics() == ConversionSemantics.ATOMIC) {
        listeners.add(recorder.refusingListener("R", FacadeLinearizabilityTest.POISONED));
      }
      boolean[] registered = new boolean[listeners.size()];
      boolean attached = initiallyAttached;
      for (int i = 0; i < STEPS; i++) {
        step.next();
        int which = random.nextInt(listeners.size() + 1);
        if (which == listeners.size()) {
          boolean attach = !attached;
          Object result =
              recorder.call(
                  thread,
                  new AttachB(attach),
                  () -> {
                    if (attach) {
                      manager.addSource(b);
                    } else {
                      manager.removeSource(b);
                    }
                    return Observed.OK;
                  });
          if (Observed.OK.equals(result)) {
            attached = attach;
          }
          continue;
        }
        RamDiscardListener listener = listeners.get(which);
        Object result;
        if (registered[which]) {
          result =
              recorder.call(
                  thread,
                  new Unregister(listener.toString()),
                  () -> {
                    manager.unregisterListener(listener);
                    return Observed.OK;
                  });
        } else {
          int from = random.nextInt(BLOCKS);
          int to = from + 1 + random.nextInt(BLOCKS - from);
          long poisoned = listener.toString().equals("R") ? FacadeLinearizabilityTest.POISONED : 0;
          result =
              recorder.call(
                  thread,
                  new Register(listener.toString(), from, to, poisoned),
                  () -> {
                    manager.registerListener(listener, blocks(from, to));
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
      MultiSourceDiscardManager manager,
      RamBlockAttribute a,
      RamBlockAttribute b,
      HistoryRecorder<ManagerModel> recorder,
      SplittableRandom random) {
    return (thread, step) -> {
      for (int i = 0; i < STEPS * READS_PER_STEP; i++) {
        if (i % READS_PER_STEP == 0) {
          step.next();
        }
        int from = random.nextInt(BLOCKS);
        int to = from + 1 + random.nextInt(BLOCKS - from);
        switch (random.nextInt(5)) {
          case 0 -> recorder.call(thread, new StateAt("A", from), () -> a.stateAt(from * BLOCK));
          case 1 -> recorder.call(thread, new StateAt("B", from), () -> b.stateAt(from * BLOCK));
          case 2 ->
              recorder.call(
                  thread, new IsPopulated(from, to), () -> manager.isPopulated(blocks(from, to)));
          case 3 ->
              recorder.call(thread, new ReplayPopulated(from, to), () -> replay(manager, from, to));
          default ->
              recorder.call(
                  thread, new ReplayPopulated(0, BLOCKS), () -> replay(manager, 0, BLOCKS));
        }
      }
    };
  }

  /** The manager's populated runs of blocks {@code [from, to)}, pausing inside the replay. */
  private static String replay(MultiSourceDiscardManager manager, int from, int to) {
    StringBuilder runs = new StringBuilder();
    manager.replayPopulated(
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

  private static MemoryRegionSection blocks(long from, long to) {
    return MemoryRegionSection.of(from * BLOCK, (to - from) * BLOCK);
  }
}
