/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

/**
 * The state of one block of guest memory, the target of {@link RamBlockAttribute#convert}. Every
 * block starts {@link #PRIVATE}.
 */
public enum PageState {
  /** Confidential to the guest: "discarded" in RamDiscardManager terms, not mapped for devices. */
  PRIVATE,
  /** Visible to the host and to devices: "populated" in RamDiscardManager terms. */
  SHARED
}
