/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MultiSourceDiscardManager;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.tck.ReferenceModelProvider;
import io.github.ramattr.tck.linearizability.ManagerModel.AttachB;
import io.github.ramattr.tck.linearizability.ManagerModel.Convert;
import io.github.ramattr.tck.linearizability.ManagerModel.StateAt;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

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
 * attribute). All in {@value AbstractLinearizabilityTest#STEPS} lock steps, 30 calls, every one
 * checked with the notifications it caused (as block sets per listener, see {@link Observed}). What
 * is linearizable: each call on its own; a listener callback belongs to the call that caused it.
 * The lock order (manager before attribute) is exercised by conversions of attached attributes
 * racing {@code addSource}/{@code removeSource} of one of them: a deadlock fails the round after
 * {@link #ROUND_LIMIT} with every thread's stack. The planted mutant converts both attributes
 * through {@link FacadeUnderTest#lockDroppingMidConversion}, which releases the manager's and the
 * attribute's locks between the two halves of a conversion.
 *
 * <p>Size: 200 rounds per semantics by default, a few seconds here. A longer run (5,000 rounds take
 * about 20 s here, 100,000 about 7 minutes), with the command in {@link FacadeLinearizabilityTest},
 * explores rarer interleavings, such as a conversion of {@code B} that starts while {@code B} is
 * being attached and must lock again in the manager-first order. The seed of each round is in the
 * failure message.
 */
class ManagerLinearizabilityTest extends AbstractLinearizabilityTest {
  static final long BLOCK_B = 2 * BLOCK;
  static final int BLOCKS = ManagerModel.BLOCKS;

  @Override
  long firstSeed() {
    return 0x3A1A_6E12L;
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
   * One round: converters of A and B, the registrar (which also removes and re-adds B), a reader.
   */
  @Override
  RoundResult round(
      ConcurrentRounds rounds,
      ConversionSemantics semantics,
      long seed,
      Function<RamBlockAttribute, FacadeUnderTest> underTest)
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
    workers.add(converter("A", underTest.apply(a), BLOCK, recorder, random.split()));
    workers.add(converter("B", underTest.apply(b), BLOCK_B, recorder, random.split()));
    workers.add(registrar(manager, b, attachedB, recorder, random.split()));
    workers.add(reader(manager, a, b, recorder, random.split()));
    return runAndCheck(
        rounds,
        workers,
        recorder,
        seed,
        new ManagerModel(sharedA, sharedB, attachedB, List.of()),
        operation -> operation instanceof Convert || operation instanceof AttachB);
  }

  private static ConcurrentRounds.Worker converter(
      String name,
      FacadeUnderTest attribute,
      long blockSize,
      HistoryRecorder<ManagerModel> recorder,
      SplittableRandom random) {
    long perBlock = blockSize / BLOCK;
    return converter(
        recorder,
        random,
        (int) (BLOCKS / perBlock),
        (from, to, target) -> new Convert(name, from * perBlock, to * perBlock, target),
        (from, to, target) -> attribute.convert(from * blockSize, (to - from) * blockSize, target));
  }

  /**
   * Registers and unregisters the {@link Registrar}'s listeners on the manager, and removes and
   * re-adds {@code b}.
   */
  private static ConcurrentRounds.Worker registrar(
      MultiSourceDiscardManager manager,
      RamBlockAttribute b,
      boolean initiallyAttached,
      HistoryRecorder<ManagerModel> recorder,
      SplittableRandom random) {
    return (thread, step) -> {
      Registrar<ManagerModel> registrar =
          new Registrar<>(
              recorder,
              manager.semantics(),
              BLOCKS,
              manager::registerListener,
              manager::unregisterListener);
      boolean attached = initiallyAttached;
      for (int i = 0; i < STEPS; i++) {
        step.next();
        int which = random.nextInt(registrar.listenerCount() + 1);
        if (which < registrar.listenerCount()) {
          registrar.toggle(thread, random, which);
          continue;
        }
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
      }
    };
  }

  /** Reads {@code stateAt} of A or B, or the manager's populated state. */
  private static ConcurrentRounds.Worker reader(
      MultiSourceDiscardManager manager,
      RamBlockAttribute a,
      RamBlockAttribute b,
      HistoryRecorder<ManagerModel> recorder,
      SplittableRandom random) {
    return rangeCalls(
        random,
        BLOCKS,
        READS_PER_STEP,
        (thread, from, to) -> {
          int kind = random.nextInt(5);
          switch (kind) {
            case 0 -> recorder.call(thread, new StateAt("A", from), () -> a.stateAt(from * BLOCK));
            case 1 -> recorder.call(thread, new StateAt("B", from), () -> b.stateAt(from * BLOCK));
            default ->
                readPopulated(
                    recorder,
                    thread,
                    kind - 2,
                    from,
                    to,
                    BLOCKS,
                    manager::isPopulated,
                    manager::replayPopulated);
          }
        });
  }
}
