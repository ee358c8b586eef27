/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import java.lang.reflect.UndeclaredThrowableException;
import org.jspecify.annotations.Nullable;

/**
 * The failures of a clean-up that must run to its end: each step runs even when an earlier one
 * threw, and what they threw is thrown afterwards as one throwable, the first with the later ones
 * {@linkplain Throwable#addSuppressed suppressed}. Used for rollbacks and discard fan-outs, where
 * stopping at the first failure would leave a listener with a mapping nobody undoes. Not
 * thread-safe; one per clean-up.
 */
final class Failures {
  private @Nullable Throwable first;

  /** A collector with no failure yet, or with {@code primary} as the first failure. */
  Failures(@Nullable Throwable primary) {
    this.first = primary;
  }

  /** A collector with no failure yet. */
  Failures() {
    this(null);
  }

  /** Runs {@code step}, recording what it throws (an {@link Error} too) instead of throwing. */
  void run(Runnable step) {
    try {
      step.run();
    } catch (Throwable failure) { // an Error too: the steps after it must still run
      add(failure);
    }
  }

  /** Records {@code failure}: the first one, or suppressed by the first. */
  void add(Throwable failure) {
    if (first == null) {
      first = failure;
    } else if (first != failure) {
      first.addSuppressed(failure);
    }
  }

  /** Throws the first failure recorded, with the later ones suppressed; returns if none. */
  void throwIfAny() {
    if (first != null) {
      throw unchecked(first);
    }
  }

  /**
   * {@code failure} as it can be thrown unchanged: itself if it is a {@link RuntimeException} or an
   * {@link Error}, else (a checked exception thrown sneakily by a callback) wrapped in an {@link
   * UndeclaredThrowableException}.
   */
  static RuntimeException unchecked(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new UndeclaredThrowableException(failure);
  }
}
