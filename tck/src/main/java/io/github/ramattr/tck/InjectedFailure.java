/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

/**
 * The exception a {@link RecordingListener} throws when its {@link FailurePlan} says so, so that a
 * test can tell an injected refusal (and check it is the cause of a {@code
 * ConversionRejectedException}) from a real fault.
 */
public final class InjectedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates a failure with a message naming the listener and what it refused. */
  public InjectedFailure(String message) {
    super(message);
  }
}
