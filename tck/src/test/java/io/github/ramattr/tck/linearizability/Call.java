/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

/**
 * One completed call of a recorded concurrent history.
 *
 * @param thread which worker made the call (for messages)
 * @param invoked the history clock just before the call started
 * @param returned the history clock just after it returned; {@code invoked < returned}
 * @param operation the call's sequential specification
 * @param result what the call returned (or the effects it had), comparable with the model's
 * @param <S> the model's state
 */
record Call<S>(
    int thread, long invoked, long returned, SequentialOperation<S> operation, Object result) {

  @Override
  public String toString() {
    return "t" + thread + " [" + invoked + ", " + returned + "] " + operation + " -> " + result;
  }
}
