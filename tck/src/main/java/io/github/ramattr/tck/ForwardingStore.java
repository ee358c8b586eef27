/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.spi.SharedStateStore;
import java.util.Objects;

/**
 * A store that hands the six abstract methods of {@link SharedStateStore} to another store: the
 * base of the TCK's wrapping stores (counting, failing, deliberately broken), which override only
 * what they change. The derived operations ({@code isShared}, the counts, the run walks) are the
 * interface's defaults, so they run over the forwarded primitives, and through any override of
 * them; a wrapper that wants the delegate's own derived operations forwards them itself.
 */
abstract class ForwardingStore implements SharedStateStore {
  /** The store every call goes to. */
  protected final SharedStateStore delegate;

  ForwardingStore(SharedStateStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public long pageCount() {
    return delegate.pageCount();
  }

  @Override
  public long nextShared(long fromPage) {
    return delegate.nextShared(fromPage);
  }

  @Override
  public long nextPrivate(long fromPage) {
    return delegate.nextPrivate(fromPage);
  }

  @Override
  public void setShared(long fromPage, long toPage) {
    delegate.setShared(fromPage, toPage);
  }

  @Override
  public void setPrivate(long fromPage, long toPage) {
    delegate.setPrivate(fromPage, toPage);
  }

  @Override
  public long estimatedSizeInBytes() {
    return delegate.estimatedSizeInBytes();
  }
}
