/**
 * The ramattr conformance suite (TCK): abstract JUnit 5 classes every backend's tests extend with a
 * one-line factory, and {@link io.github.ramattr.tck.ReferenceModel}, the obviously-correct store
 * they compare against.
 */
package io.github.ramattr.tck;
