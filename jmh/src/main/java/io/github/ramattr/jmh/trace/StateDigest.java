/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.trace;

import io.github.ramattr.spi.SharedStateStore;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A backend-independent digest of a store's state: SHA-256 over the page count and every maximal
 * shared run {@code [from, to)} as big-endian longs, ascending. Two stores agree exactly when their
 * digests do (barring a SHA-256 collision).
 */
public final class StateDigest {
  private StateDigest() {}

  /** The digest of {@code store}'s state, as 64 hex digits. */
  public static String of(SharedStateStore store) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
    ByteBuffer buffer = ByteBuffer.allocate(16);
    buffer.putLong(store.pageCount()).flip();
    sha.update(buffer);
    store.forEachSharedRun(
        0,
        store.pageCount(),
        (from, to) -> {
          buffer.clear();
          buffer.putLong(from).putLong(to).flip();
          sha.update(buffer);
        });
    return HexFormat.of().formatHex(sha.digest());
  }
}
