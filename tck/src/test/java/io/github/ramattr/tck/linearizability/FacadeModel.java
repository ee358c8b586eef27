/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

import io.github.ramattr.PageState;
import io.github.ramattr.tck.linearizability.ListenerModel.Registration;
import io.github.ramattr.tck.linearizability.Observed.Blocks;
import io.github.ramattr.tck.linearizability.Observed.Effect;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sequential model of one {@link io.github.ramattr.RamBlockAttribute} of at most 64 blocks:
 * which blocks are shared, and which listeners are registered, for which blocks, newest first (the
 * listener calls and queries are {@link ListenerModel}'s). Its operations say what each facade call
 * returns and whom it tells what (see {@link Observed}), in either {@link
 * io.github.ramattr.ConversionSemantics}: without refusals the two differ only in the shape of
 * notifications, which {@link Observed} does not compare. Refusing listeners are modelled for
 * {@code ATOMIC} only: a refused call changes nothing and its notifications cancel out.
 *
 * @param shared the shared blocks
 * @param listeners the registered listeners, newest first
 */
record FacadeModel(long shared, List<Registration> listeners)
    implements ListenerModel<FacadeModel> {

  FacadeModel {
    listeners = List.copyOf(listeners);
  }

  @Override
  public long populated() {
    return shared;
  }

  @Override
  public FacadeModel withListeners(List<Registration> next) {
    return new FacadeModel(shared, next);
  }

  @Override
  public String toString() {
    return "shared " + Blocks.runs(shared) + ", listeners " + listeners;
  }

  /**
   * {@code convert} of blocks {@code [from, to)}: tells every listener what changed in its section.
   */
  record Convert(long from, long to, PageState target) implements SequentialOperation<FacadeModel> {
    @Override
    public Outcome<FacadeModel> apply(FacadeModel state) {
      long range = Blocks.range(from, to);
      boolean toShared = target == PageState.SHARED;
      long changed = toShared ? range & ~state.shared : range & state.shared;
      if (toShared && state.listeners.stream().anyMatch(l -> l.refuses(changed))) {
        return new Outcome<>(Observed.of(REJECTED), state);
      }
      Map<String, Effect> effects = new TreeMap<>();
      for (Registration listener : state.listeners) {
        long told = changed & listener.section();
        if (told != 0) {
          effects.put(listener.name(), toShared ? new Effect(told, 0) : new Effect(0, told));
        }
      }
      long next = toShared ? state.shared | range : state.shared & ~range;
      return new Outcome<>(
          Observed.of(Observed.OK, effects), new FacadeModel(next, state.listeners));
    }

    @Override
    public String toString() {
      return "convert[" + from + "," + to + ")->" + target;
    }
  }

  /** {@code stateAt} the first byte of a block. */
  record StateAt(long block) implements SequentialOperation<FacadeModel> {
    @Override
    public Outcome<FacadeModel> apply(FacadeModel state) {
      boolean shared = (state.shared & (1L << block)) != 0;
      return new Outcome<>(Observed.of(shared ? PageState.SHARED : PageState.PRIVATE), state);
    }

    @Override
    public String toString() {
      return "stateAt " + block;
    }
  }
}
