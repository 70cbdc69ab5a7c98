"""The lecture style: WCAG contrast of every palette colour against the figure's
background, and the contrast function itself against WCAG's published values."""

import pytest

from views.common import style
from views.common.contrast import (
    LINE_MIN,
    TEXT_MIN,
    composite,
    contrast_ratio,
    parse_hex,
    relative_luminance,
)
from views.common.themes import THEMES, theme_for


def test_contrast_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    # WebAIM's checker: #767676 on white is 4.54:1, #777777 just under 4.5 (4.48).
    assert contrast_ratio("#767676") == pytest.approx(4.54, abs=0.005)
    assert contrast_ratio("#777777") < TEXT_MIN < contrast_ratio("#767676")
    # Order does not matter; luminance of pure green is its coefficient.
    assert contrast_ratio("#FFFFFF", "#0072B2") == contrast_ratio("#0072B2", "#FFFFFF")
    assert relative_luminance("#00FF00") == pytest.approx(0.7152)
    assert relative_luminance((255, 0, 0)) == pytest.approx(0.2126)


def test_composite_blends_over_the_background():
    assert composite("#000000", 0.5) == (127.5, 127.5, 127.5)
    assert composite("#000000", 1.0, "#FF0000") == (0, 0, 0)
    assert composite("#000000", 0.0, "#FF0000") == (255, 0, 0)


@pytest.mark.parametrize("bad", ["", "#12345", "red", "#GGGGGG"])
def test_bad_colour_is_refused_with_a_message(bad):
    with pytest.raises(ValueError, match="RRGGBB"):
        parse_hex(bad)


_VARIANTS = [theme_for(name, cb) for name in THEMES for cb in (False, True)]
_IDS = [f"{t.name}{'-cb' if t.colorblind else ''}" for t in _VARIANTS]


@pytest.mark.parametrize("theme", _VARIANTS, ids=_IDS)
def test_every_line_colour_keeps_3_to_1(theme):
    lines = {k: v for k, v in theme.colors.items() if k not in style.FILL_ONLY}
    assert {"grid", "transformed_grid", "faint", "eigen", "svd", "i_hat"} <= set(lines)
    low = {k: round(contrast_ratio(v, theme.background), 2) for k, v in lines.items()
           if contrast_ratio(v, theme.background) < LINE_MIN}
    assert not low, f"lines under {LINE_MIN}:1 on the {theme.name} background: {low}"


@pytest.mark.parametrize("theme", _VARIANTS, ids=_IDS)
def test_every_text_colour_keeps_4_5_to_1(theme):
    texts = {k: v for k, v in theme.colors.items() if k not in style.LINE_ONLY}
    assert {"text", "i_hat", "j_hat", "eigen", "svd", "ax_text", "axis"} <= set(texts)
    low = {k: round(contrast_ratio(v, theme.background), 2) for k, v in texts.items()
           if contrast_ratio(v, theme.background) < TEXT_MIN}
    assert not low, f"text under {TEXT_MIN}:1 on the {theme.name} background: {low}"
    assert contrast_ratio(theme.foreground, theme.background) >= TEXT_MIN


@pytest.mark.parametrize("theme", _VARIANTS, ids=_IDS)
def test_every_theme_names_the_same_meanings(theme):
    assert set(theme.colors) == set(THEMES["paper"].colors)


@pytest.mark.parametrize("name", list(THEMES))
def test_configured_background_is_the_one_checked(qapp, name):
    import pyqtgraph as pg

    style.configure_pyqtgraph()
    style.set_theme(name)
    try:
        bg = pg.getConfigOption("background")
        assert style.color(bg).name().upper() == style.background() == THEMES[name].background
    finally:
        style.set_theme("paper")
