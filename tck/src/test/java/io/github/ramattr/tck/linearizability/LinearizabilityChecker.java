/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a recorded concurrent history is linearizable with respect to a sequential model:
 * whether its calls can be put in one sequential order that respects real time (a call that
 * returned before another started comes first) and in which every call returns what the model says
 * it returns from the state left by the calls before it.
 *
 * <p>The search is Wing and Gong's: repeatedly pick, among the calls not yet placed, one that
 * started before every unplaced call returned (only those can be next), apply it to the model, and
 * backtrack when its recorded result differs. Pairs (calls placed, model state) already shown to
 * lead nowhere are remembered (Lowe's memoisation), so a history of a few threads costs about the
 * number of such pairs, not the number of interleavings. A history holds at most 64 calls.
 */
final class LinearizabilityChecker {
  /** The set of placed calls is a bit mask. */
  static final int MAX_CALLS = 64;

  private LinearizabilityChecker() {}

  /**
   * Checks {@code history} against the model starting in {@code initial}.
   *
   * @param initial the model's state before the first call
   * @param history every completed call, in any order; at most {@link #MAX_CALLS}
   * @return empty if the history is linearizable, else a description of the calls that could not be
   *     placed and the history, for the failure message
   * @throws IllegalArgumentException if the history holds more than {@link #MAX_CALLS} calls
   */
  static <S> Optional<String> findViolation(S initial, List<Call<S>> history) {
    if (history.size() > MAX_CALLS) {
      throw new IllegalArgumentException(
          "history of " + history.size() + " calls; at most " + MAX_CALLS + " can be checked");
    }
    List<Call<S>> calls = new ArrayList<>(history);
    calls.sort(Comparator.comparingLong(Call::invoked));
    Search<S> search = new Search<>(calls, initial);
    if (search.place(0L, initial)) {
      return Optional.empty();
    }
    return Optional.of(search.explain());
  }

  /** One search over one history. */
  private static final class Search<S> {
    private final List<Call<S>> calls; // by invocation
    private final long all;
    private final Set<Key<S>> deadEnds = new HashSet<>();
    private long deepestPlaced;
    private S deepestState;

    Search(List<Call<S>> calls, S initial) {
      this.calls = calls;
      this.deepestState = initial;
      this.all = calls.size() == MAX_CALLS ? -1L : (1L << calls.size()) - 1;
    }

    /**
     * Whether the calls not in {@code placed} can follow, in some legal order, from {@code state}.
     */
    boolean place(long placed, S state) {
      if (placed == all) {
        return true;
      }
      Key<S> key = new Key<>(placed, state);
      if (deadEnds.contains(key)) {
        return false;
      }
      if (Long.bitCount(placed) > Long.bitCount(deepestPlaced)) {
        deepestPlaced = placed;
        deepestState = state;
      }
      long firstReturn = firstReturnOfUnplaced(placed);
      for (int i = 0; i < calls.size(); i++) {
        Call<S> call = calls.get(i);
        if (call.invoked() > firstReturn) {
          break; // sorted by invocation: no later call can come next either
        }
        if ((placed & (1L << i)) != 0) {
          continue;
        }
        SequentialOperation.Outcome<S> outcome = call.operation().apply(state);
        if (Objects.equals(outcome.result(), call.result())
            && place(placed | (1L << i), outcome.next())) {
          return true;
        }
      }
      deadEnds.add(key);
      return false;
    }

    private long firstReturnOfUnplaced(long placed) {
      long first = Long.MAX_VALUE;
      for (int i = 0; i < calls.size(); i++) {
        if ((placed & (1L << i)) == 0) {
          first = Math.min(first, calls.get(i).returned());
        }
      }
      return first;
    }

    /** The furthest the search got, what the model said there, and the whole history. */
    String explain() {
      S state = deepestState;
      StringBuilder text = new StringBuilder("not linearizable. Furthest legal prefix placed ");
      text.append(Long.bitCount(deepestPlaced)).append(" of ").append(calls.size());
      text.append(" calls, reaching model state ")
          .append(state)
          .append(";\nthere, the model says:\n");
      long firstReturn = firstReturnOfUnplaced(deepestPlaced);
      for (int i = 0; i < calls.size(); i++) {
        Call<S> call = calls.get(i);
        if ((deepestPlaced & (1L << i)) == 0 && call.invoked() <= firstReturn) {
          text.append("  ").append(call).append(" / model: ");
          text.append(call.operation().apply(state).result()).append('\n');
        }
      }
      text.append("history, by invocation:\n");
      for (Call<S> call : calls) {
        text.append("  ").append(call).append('\n');
      }
      return text.toString();
    }
  }

  private record Key<S>(long placed, S state) {}
}
