/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.workloads;

import io.github.ramattr.PageState;
import io.github.ramattr.spi.SharedStateStore;
import java.util.Objects;

/**
 * One conversion request, as KVM hands it to QEMU: {@code size} bytes at {@code offset} within the
 * block become {@code target}. Workload generators yield these; the census applies them to a store,
 * the benchmarks to a store or a facade, and {@code generate} writes them as trace lines.
 *
 * @param offset first byte, a multiple of {@link Sizes#PAGE}
 * @param size length in bytes, a positive multiple of {@link Sizes#PAGE}
 * @param target the state the range becomes
 */
public record Conversion(long offset, long size, PageState target) {

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if offset or size is negative, size is zero, or either is not
   *     a multiple of 4 KiB
   * @throws NullPointerException if {@code target} is null
   */
  public Conversion {
    Objects.requireNonNull(target, "target");
    if (offset < 0 || size <= 0 || offset % Sizes.PAGE != 0 || size % Sizes.PAGE != 0) {
      throw new IllegalArgumentException(
          "conversion offset " + offset + ", size " + size + " must be 4 KiB-aligned, size > 0");
    }
  }

  /** The conversion of 4 KiB pages {@code [fromPage, toPage)} to {@code target}. */
  public static Conversion pages(long fromPage, long toPage, PageState target) {
    return new Conversion(fromPage * Sizes.PAGE, (toPage - fromPage) * Sizes.PAGE, target);
  }

  /** First 4 KiB page. */
  public long fromPage() {
    return offset / Sizes.PAGE;
  }

  /** One past the last 4 KiB page. */
  public long toPage() {
    return (offset + size) / Sizes.PAGE;
  }

  /**
   * Applies this conversion to a store of 4 KiB pages, straight through the SPI (no facade).
   *
   * @throws IndexOutOfBoundsException if the range passes the store's end
   */
  public void applyTo(SharedStateStore store) {
    if (target == PageState.SHARED) {
      store.setShared(fromPage(), toPage());
    } else {
      store.setPrivate(fromPage(), toPage());
    }
  }
}
