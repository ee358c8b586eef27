/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * ramattr's core: the {@link io.github.ramattr.RamBlockAttribute} facade and its RamDiscardManager
 * contract, and the {@link io.github.ramattr.spi.SharedStateStore} SPI that backends implement.
 */
module io.github.ramattr {
  // transitive: public signatures carry @Nullable (ConversionRejectedException.listener()).
  requires static transitive org.jspecify;

  exports io.github.ramattr;
  exports io.github.ramattr.spi;

  uses io.github.ramattr.spi.SharedStateStoreProvider;
}
