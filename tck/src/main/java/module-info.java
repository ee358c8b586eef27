/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The ramattr conformance suite (TCK): abstract JUnit 5 test classes a backend's tests extend, the
 * reference model they compare against, and listener models for tests and benchmarks. See the
 * {@link io.github.ramattr.tck} package.
 *
 * <p>Jazzer is needed only by {@link io.github.ramattr.tck.FuzzTargets}, hence {@code requires
 * static}: the module resolves and its other suites run without Jazzer.
 */
// Jazzer 0.30.0's jars are automatic modules named after their files (no Automatic-Module-Name):
// jazzer-junit-*.jar is jazzer.junit, jazzer-api-*.jar is jazzer.api. Should Jazzer ever name its
// modules otherwise, only FuzzTargets is affected on the module path, since both are static.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.ramattr.tck {
  // The suites' public signatures use the core API's types, and their public methods carry
  // JUnit's and Jazzer's annotations and parameter types.
  requires transitive io.github.ramattr;
  // The differential suite builds the workloads of docs/workloads.md in the store under test.
  requires io.github.ramattr.workloads;
  requires transitive org.junit.jupiter.api;
  requires transitive org.junit.jupiter.params;
  requires static transitive jazzer.junit;
  requires static transitive jazzer.api;
  requires static transitive org.jspecify;

  exports io.github.ramattr.tck;

  // JUnit finds and calls the suites' test, lifecycle and factory methods reflectively.
  opens io.github.ramattr.tck to
      org.junit.platform.commons;
}
