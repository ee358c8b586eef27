/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.render;

import java.awt.Color;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The one palette of the report's charts: a fixed colour and marker per known backend, so a
 * structure looks the same in every chart, and a deterministic pick for any other name (a new
 * backend, a formula line) so that it too looks the same from run to run.
 *
 * <p>The colours are the Okabe-Ito palette (told apart with the common colour-vision deficiencies),
 * black for QEMU's flat bitmap, the reference every chart compares with. {@link #BREAK_EVEN_MARKER}
 * is no backend's marker: a break-even point never looks like a measurement.
 */
public final class BackendColors {
  private BackendColors() {}

  /** The marker of a break-even point, used by no backend. */
  public static final Marker BREAK_EVEN_MARKER = SeriesMarkers.DIAMOND;

  private static final Map<String, Color> KNOWN_COLORS =
      Map.of(
          "flat-bitmap", new Color(0x000000),
          "bitmap", new Color(0x56B4E9),
          "interval", new Color(0xE69F00),
          "interval-primitive", new Color(0xD55E00),
          "roaring", new Color(0x009E73),
          "maple", new Color(0x0072B2),
          "fixed-width", new Color(0xCC79A7));

  /** Markers a backend can get: every XChart marker but the break-even one. */
  private static final List<Marker> MARKERS =
      List.of(
          SeriesMarkers.CIRCLE,
          SeriesMarkers.SQUARE,
          SeriesMarkers.TRIANGLE_UP,
          SeriesMarkers.TRIANGLE_DOWN,
          SeriesMarkers.OVAL,
          SeriesMarkers.TRAPEZOID,
          SeriesMarkers.RECTANGLE,
          SeriesMarkers.CROSS,
          SeriesMarkers.PLUS);

  private static final Map<String, Marker> KNOWN_MARKERS =
      Map.of(
          "flat-bitmap", SeriesMarkers.SQUARE,
          "bitmap", SeriesMarkers.RECTANGLE,
          "interval", SeriesMarkers.TRIANGLE_UP,
          "interval-primitive", SeriesMarkers.TRIANGLE_DOWN,
          "roaring", SeriesMarkers.OVAL,
          "maple", SeriesMarkers.CIRCLE,
          "fixed-width", SeriesMarkers.TRAPEZOID);

  /** The backends with a fixed colour and marker. */
  public static List<String> known() {
    return List.of(
        "flat-bitmap",
        "bitmap",
        "interval",
        "interval-primitive",
        "roaring",
        "maple",
        "fixed-width");
  }

  /**
   * The colour of {@code name}: fixed for a {@linkplain #known() known} backend, else a mid-dark
   * hue chosen from {@link String#hashCode()} (specified by the JDK, so the same in every run).
   */
  public static Color color(String name) {
    Color fixed = KNOWN_COLORS.get(name);
    if (fixed != null) {
      return fixed;
    }
    float hue = Math.floorMod(name.hashCode(), 360) / 360f;
    return Color.getHSBColor(hue, 0.75f, 0.7f);
  }

  /** The marker of {@code name}: fixed for a known backend, else one picked from its hash. */
  public static Marker marker(String name) {
    Marker fixed = KNOWN_MARKERS.get(name);
    return fixed != null ? fixed : MARKERS.get(Math.floorMod(name.hashCode(), MARKERS.size()));
  }

  /**
   * Gives a line series the colour and marker of {@code name} and a solid line (XChart would
   * otherwise cycle dash patterns by series order, and dashes mean "formula" here); returns the
   * series.
   */
  static XYSeries style(XYSeries series, String name) {
    Color color = color(name);
    series.setLineStyle(SeriesLines.SOLID);
    series.setLineColor(color);
    series.setMarkerColor(color);
    series.setMarker(marker(name));
    return series;
  }

  /** Gives a bar series the colour of {@code name}; returns the series. */
  static CategorySeries style(CategorySeries series, String name) {
    Color color = color(name);
    series.setFillColor(color);
    series.setLineColor(color);
    series.setMarkerColor(color);
    return series;
  }
}
