/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.spi.SharedStateStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Snapshots are portable between backends: a snapshot written from this backend is byte for byte
 * the one the {@link ReferenceModel} writes for the same state, restores into the model with the
 * same runs, and a snapshot written from the model restores into this backend with the same runs
 * and the same behaviour afterwards. Since every backend runs this suite, a snapshot written from
 * any backend restores into any other (both equal the model's). A backend's test subclasses it with
 * one line, like every facade suite ({@link AbstractFacadeTest}).
 *
 * <p>States are seeded random conversions (single blocks, short runs, 2 MiB ranges and whole-region
 * sweeps, near both ends of the region as well as anywhere), on regions with and without a partial
 * last block, up to 2^36 blocks.
 */
public abstract class SnapshotPortabilityTest extends AbstractFacadeTest {
  private static final int CONVERSIONS = 300;

  /** For subclasses, which name the backend under test. */
  protected SnapshotPortabilityTest() {}

  private RamBlockAttribute build(long regionSize, long blockSize, SharedStateStore store) {
    return RamBlockAttribute.builder()
        .regionSize(regionSize)
        .blockSize(blockSize)
        .semantics(ConversionSemantics.ATOMIC)
        .store(store)
        .build();
  }

  private SharedStateStore backendStore(long pages) {
    assumeTrue(
        pages <= provider().maxPageCount(),
        () -> provider().name() + " cannot hold " + pages + " pages");
    return newStore(pages);
  }

  /** Applies {@code count} seeded conversions, the same for the same seed, to every attribute. */
  private static void convert(long seed, int count, RamBlockAttribute... attributes) {
    SplittableRandom random = new SplittableRandom(seed);
    long block = attributes[0].blockSize();
    long convertible = attributes[0].regionSize() / block; // the partial last block never is
    if (convertible == 0) {
      return;
    }
    long twoMiB = Math.max(1, (2L << 20) / block);
    for (int i = 0; i < count; i++) {
      long from;
      long length;
      int kind = random.nextInt(20);
      if (kind == 0 && i < count * 3 / 4) { // a sweep late in the walk would leave little state
        from = 0;
        length = convertible;
      } else if (kind > 0 && kind < 4 && convertible >= 4 * twoMiB) {
        from = Math.min(random.nextLong(convertible) / twoMiB * twoMiB, convertible - 1);
        length = Math.min(twoMiB, convertible - from);
      } else {
        // Most conversions land within 64 blocks of either end, so a huge region gets runs there.
        from =
            convertible > 200 && random.nextInt(4) != 0
                ? (random.nextBoolean()
                    ? random.nextLong(64)
                    : convertible - 1 - random.nextLong(64))
                : random.nextLong(convertible);
        length = 1 + random.nextLong(Math.min(16, convertible - from));
      }
      PageState target = random.nextBoolean() ? PageState.SHARED : PageState.PRIVATE;
      for (RamBlockAttribute attribute : attributes) {
        attribute.convert(from * block, length * block, target);
      }
    }
  }

  private static byte[] snapshot(RamBlockAttribute attribute) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      attribute.writeSnapshot(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static RamBlockAttribute restore(byte[] snapshot, SharedStateStore into) {
    try {
      return RamBlockAttribute.builder()
          .fromSnapshot(new ByteArrayInputStream(snapshot))
          .store(into)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Guards against a walk that leaves too little state to tell backends apart. */
  private static void assertRich(RamBlockAttribute model, String context) {
    long convertible = model.regionSize() / model.blockSize();
    long runs = model.store().sharedRunCount();
    long[] shared = StoreInvariants.sharedRuns(model.store());
    boolean longRun = false;
    for (int i = 0; i < shared.length; i += 2) {
      longRun |= shared[i + 1] - shared[i] > 1;
    }
    if (convertible >= 64 && (runs < 3 || !longRun)) {
      throw new AssertionError(context + ": the walk left too little state, " + runs + " runs");
    }
  }

  // ---------------------------------------------------------------- tests

  /**
   * This backend's snapshot equals the model's byte for byte and restores into the model with the
   * same runs.
   */
  @ParameterizedTest(name = "region {0}, block {1}, seed {2}")
  @CsvSource({
    "4096, 4096, 1",
    "266240, 4096, 2",
    "266241, 4096, 3",
    "1073741824, 4096, 4",
    "1073745000, 2097152, 5",
    "281474976710656, 4096, 6",
    "9223372036854775807, 134217728, 7"
  })
  public void snapshot_fromThisBackend_restoresIntoTheModel(
      long regionSize, long blockSize, long seed) {
    long pages = RamBlockAttribute.pageCount(regionSize, blockSize);
    RamBlockAttribute backend = build(regionSize, blockSize, backendStore(pages));
    RamBlockAttribute model = build(regionSize, blockSize, new ReferenceModel(pages));
    convert(seed, CONVERSIONS, backend, model);
    String context = provider().name() + ", " + backend + ", seed " + seed;
    assertRich(model, context);
    StoreInvariants.assertSameState(model.store(), backend.store(), context + ": before");

    byte[] written = snapshot(backend);
    assertArrayEquals(
        snapshot(model), written, context + ": snapshot bytes differ from the model's");
    RamBlockAttribute restored = restore(written, new ReferenceModel(pages));
    assertEquals(regionSize, restored.regionSize(), context);
    assertEquals(blockSize, restored.blockSize(), context);
    StoreInvariants.assertSameState(backend.store(), restored.store(), context + ": restored");
  }

  /**
   * The model's snapshot restores into this backend with the same runs, and the restored attribute
   * then behaves as the model under the same conversions.
   */
  @ParameterizedTest(name = "region {0}, block {1}, seed {2}")
  @CsvSource({
    "4096, 4096, 11",
    "266240, 4096, 12",
    "266241, 4096, 13",
    "1073741824, 4096, 14",
    "1073745000, 2097152, 15",
    "281474976710656, 4096, 16",
    "9223372036854775807, 134217728, 17"
  })
  public void snapshot_fromTheModel_restoresIntoThisBackend(
      long regionSize, long blockSize, long seed) {
    long pages = RamBlockAttribute.pageCount(regionSize, blockSize);
    SharedStateStore store = backendStore(pages);
    RamBlockAttribute model = build(regionSize, blockSize, new ReferenceModel(pages));
    convert(seed, CONVERSIONS, model);
    String context = provider().name() + ", " + model + ", seed " + seed;
    assertRich(model, context);

    RamBlockAttribute restored = restore(snapshot(model), store);
    StoreInvariants.assertSameState(model.store(), restored.store(), context + ": restored");
    StoreInvariants.assertInvariants(restored.store());

    convert(seed + 1000, CONVERSIONS, restored, model);
    StoreInvariants.assertSameState(
        model.store(), restored.store(), context + ": after more conversions");
    assertArrayEquals(snapshot(model), snapshot(restored), context + ": second snapshot");
  }
}
