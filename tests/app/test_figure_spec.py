"""FigureSpec: sizes in pixels or physical units, dpi and font size, as matplotlib has them."""

from __future__ import annotations

import pytest

from app.figure_spec import FigureSpec, Length, SpecError, parse_length


@pytest.mark.parametrize(("text", "points"), [
    ("85mm", 85 / 25.4 * 72), ("8.5cm", 85 / 25.4 * 72), ("3.5in", 252.0), ("240pt", 240.0),
    (" 85 MM ", 85 / 25.4 * 72), (".5in", 36.0),
])
def test_physical_lengths_in_points(text, points):
    length = parse_length(text)
    assert length.physical
    assert length.points() == pytest.approx(points)


@pytest.mark.parametrize("bad", ["", "mm", "85 furlongs", "-3mm", "0", "0mm", "12.5",
                                 "1e3", "nan", "inf", "85mm mm", "８５mm"])
def test_bad_lengths_are_refused_with_the_option_named(bad):
    with pytest.raises(SpecError, match="--width"):
        parse_length(bad, "--width")


def test_a_column_figure_lays_out_at_96_per_inch_and_rasters_at_its_dpi():
    spec = FigureSpec(parse_length("85mm"), parse_length("60mm"), dpi=300)
    assert spec.physical
    w_in, h_in = 85 / 25.4, 60 / 25.4
    assert spec.size_pt() == pytest.approx((w_in * 72, h_in * 72))
    assert spec.layout_px() == (round(w_in * 96), round(h_in * 96))
    assert spec.raster_px() == (round(w_in * 300), round(h_in * 300))
    assert spec.effective_font_pt() == 9.0
    assert spec.svg_size_attrs() == ("85mm", "60mm")


def test_pixels_stay_pixels_and_keep_the_window_font():
    spec = FigureSpec(Length(1200, "px"), Length(900, "px"))
    assert spec.layout_px() == spec.raster_px() == (1200, 900)
    assert spec.effective_font_pt() is None
    assert spec.size_pt() == pytest.approx((900.0, 675.0))  # 96 pixels to the inch
    assert FigureSpec(Length(800, "px")).layout_px() == (800, 600)  # a lone width: 4:3
    assert FigureSpec().layout_px() == (1200, 900)


def test_a_lone_physical_width_keeps_four_by_three():
    spec = FigureSpec(parse_length("4in"))
    assert spec.size_pt() == pytest.approx((288.0, 216.0))
    assert spec.svg_size_attrs() == ("4in", "3in")


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"width": Length(85, "mm"), "height": Length(600, "px")}, "both"),
    ({"width": Length(85, "mm"), "dpi": 5.0}, "dpi"),
    ({"width": Length(85, "mm"), "font_pt": 200.0}, "font size"),
    ({"width": Length(85, "mm"), "font_pt": float("nan")}, "font size"),
    ({"width": Length(2, "m" + "m")}, "16 pixels"),
    ({"width": Length(20000, "px")}, "16384"),
    ({"width": Length(2, "in"), "dpi": 2400.0, "height": Length(10, "in")}, "16384"),
])
def test_impossible_figures_are_refused(kwargs, words):
    with pytest.raises(SpecError, match=words):
        FigureSpec(**kwargs)
