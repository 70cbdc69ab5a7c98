"""Themes: figure_output switches and restores them, every theme renders a preset on its own
background with its own colours, the colour-blind option changes the categorical colours,
and no view carries a colour of its own (every colour comes from the theme)."""

import re
from pathlib import Path

import numpy as np
import pytest

from views.common import style
from views.common.themes import THEMES, theme_for

VIEWS = Path(__file__).resolve().parents[3] / "views"


@pytest.fixture(autouse=True)
def _paper_after():
    yield
    style.set_theme("paper")


def test_figure_output_switches_the_theme_and_restores_it(qapp):
    style.set_theme("lecture")
    with style.figure_output(theme="dark", colorblind=True):
        assert style.theme() is theme_for("dark", colorblind=True)
        assert style.background() == "#1E1E1E"
        assert style.color("i_hat").name().upper() == theme_for("dark", True)["i_hat"]
        assert style.PALETTE["text"] == theme_for("dark", True).text
    assert style.theme() is theme_for("lecture")
    with style.figure_output(colorblind=True):  # the theme kept, the palette changed
        assert style.theme() is theme_for("lecture", colorblind=True)
    assert style.theme() is theme_for("lecture")


def test_an_unknown_theme_is_refused_and_nothing_changes():
    with pytest.raises(ValueError, match="paper"):
        style.set_theme("neon")
    with pytest.raises(ValueError, match="paper"):
        with style.figure_output(theme="neon"):
            pass
    assert style.theme() is theme_for("paper")


def test_themes_print_as_names():
    assert ", ".join(THEMES) == "paper, lecture, dark"


def test_colorblind_option_changes_the_categorical_colours():
    for name in THEMES:
        plain, cb = theme_for(name), theme_for(name, colorblind=True)
        assert plain["i_hat"] != cb["i_hat"] and plain.background == cb.background
        assert (cb.magnitude_cmap, cb.colorblind) == ("cividis", True)
    style.set_theme("paper", colorblind=True)
    assert style.color("i_hat").name().upper() == theme_for("paper", True)["i_hat"]


def test_lecture_lines_are_thicker():
    assert style.pen("x", 2).widthF() == pytest.approx(2)
    style.set_theme("lecture")
    assert style.pen("x", 2).widthF() == pytest.approx(3)


@pytest.mark.parametrize("kind", ["magnitude", "signed"])
def test_colormaps_come_from_the_theme(qapp, kind):
    style.set_theme("paper", colorblind=True)
    cmap = style.colormap(kind)
    lut = cmap.getLookupTable(0.0, 1.0, 3, alpha=False)
    if kind == "signed":  # centred on zero: a light middle between blue and red ends
        assert lut[1].min() > 200 and lut[0][2] > lut[0][0] and lut[2][0] > lut[2][2]
    else:  # cividis: dark blue to yellow
        assert lut[0].sum() < lut[2].sum()
    with pytest.raises(ValueError):
        style.colormap("rainbow")


def test_pyqtgraph_follows_the_theme(qapp):
    import pyqtgraph as pg

    style.configure_pyqtgraph()
    style.set_theme("dark")
    assert style.color(pg.getConfigOption("background")).name().upper() == "#1E1E1E"
    style.set_theme("paper")
    assert style.color(pg.getConfigOption("background")).name().upper() == "#FFFFFF"


@pytest.mark.parametrize("name", list(THEMES))
def test_each_theme_renders_a_preset_on_its_background(qapp, tmp_path, name):
    from PySide6.QtGui import QImage

    from app.figure_spec import FigureSpec, Length
    from app.render import render_checked
    from app.scenes import check_scene, find_preset, preset_scene

    checked = check_scene(preset_scene(find_preset("symmetric")))
    out = render_checked(checked, tmp_path / f"{name}.png",
                         FigureSpec(Length(400, "px"), Length(300, "px"), theme=name))
    assert style.theme() is theme_for("paper")  # the figure's theme did not stay
    img = QImage(str(out)).convertToFormat(QImage.Format.Format_RGB32)
    px = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.width(), 4)
    rgb = px[..., 2::-1].reshape(-1, 3)  # BGRA → RGB
    t = theme_for(name)
    corner = tuple(int(v) for v in px[2, 2, 2::-1])
    assert corner == tuple(int(t.background[k:k + 2], 16) for k in (1, 3, 5))
    for meaning in ("i_hat", "j_hat"):  # the arrows Aî, Aĵ in the theme's own colours
        want = np.array([int(t[meaning][k:k + 2], 16) for k in (1, 3, 5)])
        assert (np.abs(rgb.astype(int) - want).max(axis=1) <= 6).sum() > 20, meaning


_HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b(?![0-9a-fA-F])")
_NAMED = re.compile(r"QColor\(\s*['\"][a-zA-Z]+['\"]|QColor\(\s*\d|Qt\.GlobalColor\.(?!transparent)"
                    r"|mkBrush\(\s*\d|mkPen\(\s*\d|mkColor\(|\bQt\.(white|black|red|green|blue|"
                    r"gray|darkGray|lightGray|yellow|cyan|magenta)\b")
_OWN = {"views/common/themes.py", "views/common/style.py", "views/common/contrast.py"}


def test_no_view_carries_a_colour_of_its_own():
    found = []
    for path in sorted(VIEWS.rglob("*.py")):
        rel = path.relative_to(VIEWS.parent).as_posix()
        if rel in _OWN:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _HEX.search(line) or _NAMED.search(line):
                found.append(f"{rel}:{n}: {line.strip()}")
    assert not found, "colours outside the theme:\n" + "\n".join(found)
