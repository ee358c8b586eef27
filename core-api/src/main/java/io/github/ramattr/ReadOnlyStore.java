/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import io.github.ramattr.spi.RunVisitor;
import io.github.ramattr.spi.SharedStateStore;
import java.util.concurrent.locks.Lock;

/**
 * The attribute's store as its users see it: every query under the attribute's read lock (the one
 * narrow path readers take, so that lock-free readers can later replace it), every mutator refused.
 */
final class ReadOnlyStore implements SharedStateStore {
  private final SharedStateStore store;
  private final Lock readLock;

  ReadOnlyStore(SharedStateStore store, Lock readLock) {
    this.store = store;
    this.readLock = readLock;
  }

  @Override
  public long pageCount() {
    return store.pageCount();
  }

  @Override
  public long nextShared(long fromPage) {
    readLock.lock();
    try {
      return store.nextShared(fromPage);
    } finally {
      readLock.unlock();
    }
  }

  @Override
  public long nextPrivate(long fromPage) {
    readLock.lock();
    try {
      return store.nextPrivate(fromPage);
    } finally {
      readLock.unlock();
    }
  }

  @Override
  public boolean isShared(long page) {
    readLock.lock();
    try {
      return store.isShared(page);
    } finally {
      readLock.unlock();
    }
  }

  @Override
  public long sharedCount() {
    readLock.lock();
    try {
      return store.sharedCount();
    } finally {
      readLock.unlock();
    }
  }

  @Override
  public long sharedRunCount() {
    readLock.lock();
    try {
      return store.sharedRunCount();
    } finally {
      readLock.unlock();
    }
  }

  @Override
  public void forEachSharedRun(long fromPage, long toPage, RunVisitor visitor) {
    readLock.lock();
    try {
      store.forEachSharedRun(fromPage, toPage, visitor);
    } finally {
      readLock.unlock();
    }
  }

  @Override
  public void forEachPrivateRun(long fromPage, long toPage, RunVisitor visitor) {
    readLock.lock();
    try {
      store.forEachPrivateRun(fromPage, toPage, visitor);
    } finally {
      readLock.unlock();
    }
  }

  @Override
  public long estimatedSizeInBytes() {
    readLock.lock();
    try {
      return store.estimatedSizeInBytes();
    } finally {
      readLock.unlock();
    }
  }

  @Override
  public void setShared(long fromPage, long toPage) {
    throw new UnsupportedOperationException(
        "the store of a RamBlockAttribute is read-only: use convert");
  }

  @Override
  public void setPrivate(long fromPage, long toPage) {
    throw new UnsupportedOperationException(
        "the store of a RamBlockAttribute is read-only: use convert");
  }

  @Override
  public String toString() {
    return "ReadOnlyStore{" + store + '}';
  }
}
