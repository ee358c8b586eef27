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

  /** The primitive calls so far, oldest first, as {@code "doSet(2, 5, true)"}. */
  List<String> calls() {
    return new ArrayList<>(calls);
  }

  void clearCalls() {
    calls.clear();
  }

  @Override
  protected long doNext(long fromPage, boolean state) {
    calls.add("doNext(" + fromPage + ", " + state + ")");
    int page = (int) fromPage;
    while (page < shared.length && shared[page] != state) {
      page++;
    }
    return page;
  }

  @Override
  protected void doSet(long fromPage, long toPage, boolean state) {
    calls.add("doSet(" + fromPage + ", " + toPage + ", " + state + ")");
    for (int page = (int) fromPage; page < toPage; page++) {
      shared[page] = state;
    }
  }

  @Override
  public long estimatedSizeInBytes() {
    return 16L + shared.length;
  }
}
