/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

import io.github.ramattr.tck.linearizability.Observed.Blocks;
import io.github.ramattr.tck.linearizability.Observed.Effect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the sequential models of the facade ({@link FacadeModel}) and of the multi-source manager
 * ({@link ManagerModel}) have in common: a set of populated blocks and the registered listeners,
 * newest first. The listener calls and the populated-state queries behave the same on both, so they
 * are modelled once, here, over {@link #populated()}.
 *
 * @param <M> the model
 */
interface ListenerModel<M extends ListenerModel<M>> {

  /** What a refused conversion, registration or removal throws. */
  String REJECTED = "ConversionRejectedException";

  /** The blocks the listeners see populated: the facade's shared blocks, the manager's combined. */
  long populated();

  /** The registered listeners, newest first. */
  List<Registration> listeners();

  /** This model with {@code listeners} instead of its own. */
  M withListeners(List<Registration> listeners);

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

  /**
   * {@code registerListener}: replays the populated blocks of its section; a second one is refused;
   * a refused replay leaves it unregistered.
   */
  record Register<S extends ListenerModel<S>>(String name, long from, long to, long poisoned)
      implements SequentialOperation<S> {
    @Override
    public SequentialOperation.Outcome<S> apply(S state) {
      if (state.listeners().stream().anyMatch(r -> r.name().equals(name))) {
        return new Outcome<>(Observed.of(IllegalArgumentException.class.getSimpleName()), state);
      }
      long section = Blocks.range(from, to);
      long replayed = state.populated() & section;
      Registration registration = new Registration(name, section, poisoned);
      if (registration.refuses(replayed)) {
        return new Outcome<>(Observed.of(REJECTED), state);
      }
      List<Registration> next = new ArrayList<>();
      next.add(registration);
      next.addAll(state.listeners());
      Map<String, Effect> effects =
          replayed == 0 ? Map.of() : Map.of(name, new Effect(replayed, 0));
      return new Outcome<>(Observed.of(Observed.OK, effects), state.withListeners(next));
    }

    @Override
    public String toString() {
      return "register " + name + "[" + from + "," + to + ")";
    }
  }

  /** {@code unregisterListener}: one discard of the whole section (double discard supported). */
  record Unregister<S extends ListenerModel<S>>(String name) implements SequentialOperation<S> {
    @Override
    public SequentialOperation.Outcome<S> apply(S state) {
      List<Registration> next = new ArrayList<>(state.listeners());
      for (Registration listener : state.listeners()) {
        if (listener.name().equals(name)) {
          next.remove(listener);
          Map<String, Effect> effects = Map.of(name, new Effect(0, listener.section()));
          return new Outcome<>(Observed.of(Observed.OK, effects), state.withListeners(next));
        }
      }
      return new Outcome<>(Observed.of(IllegalArgumentException.class.getSimpleName()), state);
    }

    @Override
    public String toString() {
      return "unregister " + name;
    }
  }

  /** {@code isPopulated} of blocks {@code [from, to)}. */
  record IsPopulated<S extends ListenerModel<S>>(long from, long to)
      implements SequentialOperation<S> {
    @Override
    public SequentialOperation.Outcome<S> apply(S state) {
      long range = Blocks.range(from, to);
      return new Outcome<>(Observed.of((state.populated() & range) == range), state);
    }

    @Override
    public String toString() {
      return "isPopulated[" + from + "," + to + ")";
    }
  }

  /** {@code replayPopulated} of blocks {@code [from, to)}: the maximal populated runs in it. */
  record ReplayPopulated<S extends ListenerModel<S>>(long from, long to)
      implements SequentialOperation<S> {
    @Override
    public SequentialOperation.Outcome<S> apply(S state) {
      return new Outcome<>(
          Observed.of(Blocks.runs(state.populated() & Blocks.range(from, to))), state);
    }

    @Override
    public String toString() {
      return "replayPopulated[" + from + "," + to + ")";
    }
  }
}
