/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What one checked round found.
 *
 * @param violation the checker's description of a violation, if the history is not linearizable
 * @param writeOverlappedCall whether some write (a call that changes state) ran while another
 *     thread's call ran: a round without one was sequential, and checked nothing about threads
 * @param rejectedCalls how many calls a listener refused (each then rolled back)
 */
record RoundResult(Optional<String> violation, boolean writeOverlappedCall, int rejectedCalls) {

  /** Checks {@code history} from {@code initial}; {@code isWrite} tells the writes. */
  static <S> RoundResult of(
      S initial, List<Call<S>> history, Predicate<SequentialOperation<S>> isWrite) {
    boolean overlapped = false;
    int rejected = 0;
    for (Call<S> write : history) {
      rejected +=
          write.result() instanceof Observed observed
                  && ListenerModel.REJECTED.equals(observed.value())
              ? 1
              : 0;
      for (Call<S> other : history) {
        overlapped |=
            write.thread() != other.thread()
                && isWrite.test(write.operation())
                && write.invoked() < other.returned()
                && other.invoked() < write.returned();
      }
    }
    return new RoundResult(
        LinearizabilityChecker.findViolation(initial, history), overlapped, rejected);
  }
}
