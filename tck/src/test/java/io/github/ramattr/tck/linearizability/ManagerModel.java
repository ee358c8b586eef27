/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

import io.github.ramattr.PageState;
import io.github.ramattr.tck.linearizability.ListenerModel.Registration;
import io.github.ramattr.tck.linearizability.Observed.Blocks;
import io.github.ramattr.tck.linearizability.Observed.Effect;
import io.github.ramattr.tck.linearizability.SequentialOperation.Outcome;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sequential model of a {@link io.github.ramattr.MultiSourceDiscardManager} over a region of at
 * most 64 blocks of 4 KiB, with two attributes: {@code A} (4 KiB blocks) always attached, and
 * {@code B} (8 KiB blocks) attached or not. Listeners never refuse. The combined state is the AND
 * of the attached sources; listeners are told exactly where it changes, within their sections (both
 * semantics: without refusals, and with conversions that flip only the blocks not yet in the target
 * state, QEMU 11's notifications are exactly the combined changes too). The listener calls and the
 * manager's queries are {@link ListenerModel}'s, over the combined state.
 *
 * @param sharedA the blocks {@code A} has shared
 * @param sharedB the blocks {@code B} has shared (whole 8 KiB blocks: pairs of bits)
 * @param attachedB whether {@code B} is a source of the manager
 * @param listeners the manager's listeners, newest first
 */
record ManagerModel(long sharedA, long sharedB, boolean attachedB, List<Registration> listeners)
    implements ListenerModel<ManagerModel> {

  /** Blocks of 4 KiB in the region. */
  static final int BLOCKS = 16;

  private static final long ALL = Blocks.range(0, BLOCKS);

  ManagerModel {
    listeners = List.copyOf(listeners);
  }

  /** The blocks every attached source has shared: the manager's combined state. */
  @Override
  public long populated() {
    return sharedA & (attachedB ? sharedB : ALL);
  }

  @Override
  public ManagerModel withListeners(List<Registration> next) {
    return new ManagerModel(sharedA, sharedB, attachedB, next);
  }

  @Override
  public String toString() {
    return "A "
        + Blocks.runs(sharedA)
        + ", B "
        + Blocks.runs(sharedB)
        + (attachedB ? " attached" : " detached")
        + ", listeners "
        + listeners;
  }

  private ManagerModel with(long a, long b, boolean attached) {
    return new ManagerModel(a, b, attached, listeners);
  }

  /**
   * The outcome of a change from this state to {@code next}: each listener told the difference; or,
   * if a listener refuses what becomes populated, nothing changes.
   */
  private Outcome<ManagerModel> change(ManagerModel next) {
    long before = populated();
    long after = next.populated();
    if (listeners.stream().anyMatch(l -> l.refuses(after & ~before))) {
      return new Outcome<>(Observed.of(REJECTED), this);
    }
    Map<String, Effect> effects = new TreeMap<>();
    for (Registration listener : listeners) {
      long populated = after & ~before & listener.section();
      long discarded = before & ~after & listener.section();
      if ((populated | discarded) != 0) {
        effects.put(listener.name(), new Effect(populated, discarded));
      }
    }
    return new Outcome<>(Observed.of(Observed.OK, effects), next);
  }

  /** {@code convert} of blocks {@code [from, to)} of attribute {@code A} or {@code B}. */
  record Convert(String attribute, long from, long to, PageState target)
      implements SequentialOperation<ManagerModel> {
    @Override
    public Outcome<ManagerModel> apply(ManagerModel state) {
      long range = Blocks.range(from, to);
      boolean toShared = target == PageState.SHARED;
      boolean ofA = attribute.equals("A");
      long old = ofA ? state.sharedA : state.sharedB;
      long next = toShared ? old | range : old & ~range;
      return state.change(
          ofA
              ? state.with(next, state.sharedB, state.attachedB)
              : state.with(state.sharedA, next, state.attachedB));
    }

    @Override
    public String toString() {
      return attribute + ".convert[" + from + "," + to + ")->" + target;
    }
  }

  /** {@code addSource(B)} or {@code removeSource(B)}. */
  record AttachB(boolean attach) implements SequentialOperation<ManagerModel> {
    @Override
    public Outcome<ManagerModel> apply(ManagerModel state) {
      if (state.attachedB == attach) {
        return new Outcome<>(Observed.of(IllegalArgumentException.class.getSimpleName()), state);
      }
      return state.change(state.with(state.sharedA, state.sharedB, attach));
    }

    @Override
    public String toString() {
      return attach ? "addSource B" : "removeSource B";
    }
  }

  /** {@code stateAt} of a block of attribute {@code A} or {@code B}: its own state. */
  record StateAt(String attribute, long block) implements SequentialOperation<ManagerModel> {
    @Override
    public Outcome<ManagerModel> apply(ManagerModel state) {
      long mask = attribute.equals("A") ? state.sharedA : state.sharedB;
      boolean shared = (mask & (1L << block)) != 0;
      return new Outcome<>(Observed.of(shared ? PageState.SHARED : PageState.PRIVATE), state);
    }

    @Override
    public String toString() {
      return attribute + ".stateAt " + block;
    }
  }
}
