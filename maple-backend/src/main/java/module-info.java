/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/** The maple backend: a B-tree of compact and dense leaves over page-state toggles. */
module io.github.ramattr.maple {
  requires static org.jspecify;
  requires io.github.ramattr;

  provides io.github.ramattr.spi.SharedStateStoreProvider with
      io.github.ramattr.maple.MapleStoreProvider;
}
