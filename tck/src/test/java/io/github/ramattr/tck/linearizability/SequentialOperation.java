/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

/**
 * One operation of a concurrent history, as its sequential specification: what it returns and which
 * state follows, when applied alone to a state of the model.
 *
 * @param <S> the model's state: immutable, with value equality (the checker memoises on it)
 */
interface SequentialOperation<S> {

  /**
   * Applies this operation to {@code state} in the sequential model.
   *
   * @param state the state before the operation
   * @return what the operation returns there and the state after it
   */
  Outcome<S> apply(S state);

  /**
   * The model's answer to one operation.
   *
   * @param result what the operation returns; compared with {@link Object#equals} to the recorded
   *     result
   * @param next the state after the operation
   * @param <S> the model's state
   */
  record Outcome<S>(Object result, S next) {}
}
