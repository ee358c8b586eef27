/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.awt.Color;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.style.markers.Marker;

/** The palette: known backends told apart, unknown names stable, break-even marker reserved. */
class BackendColorsTest {

  @Test
  void knownBackends_haveDistinctColoursAndMarkers_noneTheBreakEvenMarker() {
    Set<Color> colours = new HashSet<>();
    Set<Marker> markers = new HashSet<>();
    for (String backend : BackendColors.known()) {
      colours.add(BackendColors.color(backend));
      markers.add(BackendColors.marker(backend));
      assertNotEquals(BackendColors.BREAK_EVEN_MARKER, BackendColors.marker(backend), backend);
    }
    assertEquals(BackendColors.known().size(), colours.size(), "colours " + colours);
    assertEquals(BackendColors.known().size(), markers.size(), "markers " + markers);
    assertEquals(Color.BLACK.getRGB(), BackendColors.color("flat-bitmap").getRGB());
  }

  @Test
  void unknownName_getsTheSameColourAndMarkerEveryTime_andTwoNamesDiffer() {
    String name = "kernel maple tree (formula)";
    String sameName = new String(name.toCharArray());
    assertNotSame(name, sameName);
    assertEquals(BackendColors.color(name), BackendColors.color(sameName));
    assertEquals(BackendColors.marker(name), BackendColors.marker(sameName));
    assertNotEquals(BackendColors.BREAK_EVEN_MARKER, BackendColors.marker(name));
    assertNotEquals(BackendColors.color(name), BackendColors.color("cloud-hypervisor (formula)"));
    for (String other : List.of("a", "some-new-backend", "x".repeat(50))) {
      assertNotEquals(BackendColors.BREAK_EVEN_MARKER, BackendColors.marker(other), other);
    }
  }
}
