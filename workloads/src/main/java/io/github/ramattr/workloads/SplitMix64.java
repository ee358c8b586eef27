/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.workloads;

/**
 * The splitmix64 generator exactly as docs/workloads.md writes it for the {@code fragment-K} layout
 * (the formula the Linux maple-tree figures were measured with, so layouts compare bit for bit).
 * Not thread-safe.
 */
public final class SplitMix64 {
  private long state;

  /** A generator starting from {@code seed}. */
  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** The next 64 random bits. */
  public long next() {
    state += 0x9E3779B97F4A7C15L;
    long z = state;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The unsigned remainder of {@link #next()} by {@code n}.
   *
   * @throws IllegalArgumentException if {@code n <= 0}
   */
  public long rnd(long n) {
    if (n <= 0) {
      throw new IllegalArgumentException("rnd bound " + n + " must be positive");
    }
    return Long.remainderUnsigned(next(), n);
  }
}
