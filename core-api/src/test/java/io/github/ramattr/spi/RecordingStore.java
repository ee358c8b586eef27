/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * A skeleton store over a {@code boolean[]} whose primitives record every call, so that a test sees
 * which primitive a public method reached, with which arguments, and how often.
 */
final class RecordingStore extends AbstractSharedStateStore {
  static final String NAME = "recording";
  static final long MAX_PAGES = 1000;

  private final boolean[] shared;
  private final List<String> calls = new ArrayList<>();

  RecordingStore(long pageCount) {
    super(pageCount, MAX_PAGES, NAME);
    shared = new boolean[(int) pageCount];
  }

  /** The primitive calls so far, oldest first, as {@code "doSetShared(2, 5)"}. */
  List<String> calls() {
    return new ArrayList<>(calls);
  }

  void clearCalls() {
    calls.clear();
  }

  @Override
  protected long doNextShared(long fromPage) {
    calls.add("doNextShared(" + fromPage + ")");
    return next(fromPage, true);
  }

  @Override
  protected long doNextPrivate(long fromPage) {
    calls.add("doNextPrivate(" + fromPage + ")");
    return next(fromPage, false);
  }

  private long next(long fromPage, boolean state) {
    int page = (int) fromPage;
    while (page < shared.length && shared[page] != state) {
      page++;
    }
    return page;
  }

  @Override
  protected void doSetShared(long fromPage, long toPage) {
    calls.add("doSetShared(" + fromPage + ", " + toPage + ")");
    fill(fromPage, toPage, true);
  }

  @Override
  protected void doSetPrivate(long fromPage, long toPage) {
    calls.add("doSetPrivate(" + fromPage + ", " + toPage + ")");
    fill(fromPage, toPage, false);
  }

  private void fill(long fromPage, long toPage, boolean state) {
    for (int page = (int) fromPage; page < toPage; page++) {
      shared[page] = state;
    }
  }

  @Override
  public long estimatedSizeInBytes() {
    return 16L + shared.length;
  }
}
