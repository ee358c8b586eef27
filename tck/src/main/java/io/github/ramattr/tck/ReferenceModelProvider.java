/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.spi.AbstractSharedStateStoreProvider;

/**
 * Provides {@link ReferenceModel} stores, named {@code "reference"}. Deliberately not registered
 * with {@link java.util.ServiceLoader}: the model is a test oracle, not a backend, and must not
 * appear in {@code SharedStateStores.available()} of any module that tests with the TCK. The TCK's
 * own tests run the suites against it, which checks the suites themselves.
 */
public final class ReferenceModelProvider extends AbstractSharedStateStoreProvider {
  /** The provider name. */
  static final String NAME = "reference";

  /** Called by {@link java.util.ServiceLoader}, or by tests directly. */
  public ReferenceModelProvider() {
    super(NAME, ReferenceModel::new);
  }
}
