/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

import io.github.ramattr.PageState;
import io.github.ramattr.tck.linearizability.Observed.Blocks;
import io.github.ramattr.tck.linearizability.Observed.Effect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sequential model of one {@link io.github.ramattr.RamBlockAttribute} of at most 64 blocks:
 * which blocks are shared, and which listeners are registered, for which blocks, newest first. Its
 * operations say what each facade call returns and whom it tells what (see {@link Observed}), in
 * either {@link io.github.ramattr.ConversionSemantics}: without refusals the two differ only in the
 * shape of notifications, which {@link Observed} does not compare. Refusing listeners are modelled
 * for {@code ATOMIC} only: a refused call changes nothing and its notifications cancel out.
 *
 * @param shared the shared blocks
 * @param listeners the registered listeners, newest first
 */
record FacadeModel(long shared, List<Registration> listeners) {

  FacadeModel {
    listeners = List.copyOf(listeners);
  }

  /** What a refused conversion, registration or removal throws. */
  static final String REJECTED = "ConversionRejectedException";

  /**
   * A registered listener.
   *
   * @param name its name in {@link Observed#effects()}
   * @param section the blocks its section covers
   * @param poisoned the blocks it refuses to populate (0 for a listener that never refuses)
   */
  record Registration(String name, long section, long poisoned) {
    /** Whether this listener refuses to be told that {@code blocks} became populated. */
    boolean refuses(long blocks) {
      return (blocks & section & poisoned) != 0;
    }

    @Override
    public String toString() {
      return name + Blocks.runs(section);
    }
  }

  @Override
  public String toString() {
    return "shared " + Blocks.runs(shared) + ", listeners " + listeners;
  }

  private boolean registered(String name) {
    return listeners.stream().anyMatch(r -> r.name().equals(name));
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

  /**
   * {@code registerListener}: replays the shared blocks of its section; a second one is refused; a
   * refused replay leaves it unregistered.
   */
  record Register(String name, long from, long to, long poisoned)
      implements SequentialOperation<FacadeModel> {
    @Override
    public Outcome<FacadeModel> apply(FacadeModel state) {
      if (state.registered(name)) {
        return new Outcome<>(Observed.of(IllegalArgumentException.class.getSimpleName()), state);
      }
      long section = Blocks.range(from, to);
      long replayed = state.shared & section;
      Registration registration = new Registration(name, section, poisoned);
      if (registration.refuses(replayed)) {
        return new Outcome<>(Observed.of(REJECTED), state);
      }
      List<Registration> next = new ArrayList<>();
      next.add(registration);
      next.addAll(state.listeners);
      Map<String, Effect> effects =
          replayed == 0 ? Map.of() : Map.of(name, new Effect(replayed, 0));
      return new Outcome<>(Observed.of(Observed.OK, effects), new FacadeModel(state.shared, next));
    }

    @Override
    public String toString() {
      return "register " + name + "[" + from + "," + to + ")";
    }
  }

  /** {@code unregisterListener}: one discard of the whole section (double discard supported). */
  record Unregister(String name) implements SequentialOperation<FacadeModel> {
    @Override
    public Outcome<FacadeModel> apply(FacadeModel state) {
      List<Registration> next = new ArrayList<>(state.listeners);
      for (Registration listener : state.listeners) {
        if (listener.name().equals(name)) {
          next.remove(listener);
          Map<String, Effect> effects = Map.of(name, new Effect(0, listener.section()));
          return new Outcome<>(
              Observed.of(Observed.OK, effects), new FacadeModel(state.shared, next));
        }
      }
      return new Outcome<>(Observed.of(IllegalArgumentException.class.getSimpleName()), state);
    }

    @Override
    public String toString() {
      return "unregister " + name;
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

  /** {@code isPopulated} of blocks {@code [from, to)}. */
  record IsPopulated(long from, long to) implements SequentialOperation<FacadeModel> {
    @Override
    public Outcome<FacadeModel> apply(FacadeModel state) {
      long range = Blocks.range(from, to);
      return new Outcome<>(Observed.of((state.shared & range) == range), state);
    }

    @Override
    public String toString() {
      return "isPopulated[" + from + "," + to + ")";
    }
  }

  /** {@code replayPopulated} of blocks {@code [from, to)}: the maximal shared runs in it. */
  record ReplayPopulated(long from, long to) implements SequentialOperation<FacadeModel> {
    @Override
    public Outcome<FacadeModel> apply(FacadeModel state) {
      return new Outcome<>(Observed.of(Blocks.runs(state.shared & Blocks.range(from, to))), state);
    }

    @Override
    public String toString() {
      return "replayPopulated[" + from + "," + to + ")";
    }
  }
}
