/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The ramattr conformance suite (TCK): abstract JUnit 5 classes every backend's tests extend with a
 * one-line factory, and {@link io.github.ramattr.tck.ReferenceModel}, the obviously-correct store
 * they compare against (one flat sorted array of toggle positions, an algorithm no backend shares,
 * so that a differential test never compares one idea with itself).
 *
 * <p>The store half checks a backend's {@link io.github.ramattr.spi.SharedStateStore} alone: {@link
 * io.github.ramattr.tck.SharedStateStoreContractTest} (every method, edge and bad argument, large
 * indexes), {@link io.github.ramattr.tck.SharedStateStoreDifferentialTest} (seeded random
 * operations against the model) and {@link io.github.ramattr.tck.StoreInvariants} (maximal runs,
 * counts, complement, defaults against overrides), which every mutating test calls.
 *
 * <p>The facade half runs {@link io.github.ramattr.RamBlockAttribute} over a backend's stores:
 *
 * <ul>
 *   <li>{@link io.github.ramattr.tck.FacadeContractTest}: argument validation, builder, replays,
 *       registration, callbacks into the facade, {@code MemoryRegionSection.intersect};
 *   <li>{@link io.github.ramattr.tck.QemuSemanticsTest}: QEMU 10.1's conversion rules, to the
 *       notification;
 *   <li>{@link io.github.ramattr.tck.AtomicSemanticsTest}: per-run notification, complete rollback,
 *       and a random walk checking VFIO mappings against the shared state;
 *   <li>{@link io.github.ramattr.tck.FacadeConcurrencyTest}: readers on other threads never see
 *       half of a conversion.
 * </ul>
 *
 * Their listener models are public, for benchmarks and other tests: {@link
 * io.github.ramattr.tck.RecordingListener} (an ordered {@link
 * io.github.ramattr.tck.NotificationLog} shared across listeners, {@link
 * io.github.ramattr.tck.FailurePlan failure injection}) and {@link
 * io.github.ramattr.tck.VfioModelListener} (QEMU's VFIO listener: chunked DMA maps, net mapped set,
 * protocol checks). {@link io.github.ramattr.tck.FacadeFixture} derives from the specification what
 * listeners must be told and must have mapped.
 */
@NullMarked
package io.github.ramattr.tck;

import org.jspecify.annotations.NullMarked;
