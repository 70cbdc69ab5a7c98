"""Numbers as people read them: ``linscope inspect`` (its table and its JSON say the same true
thing) and every preset's texts on screen (no round-off dressed up as a number)."""

import json
import re
from decimal import Decimal

import numpy as np
import pytest
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QLabel,
    QTextEdit,
)

from app.cli import main
from app.scenes import apply_scene, build_lab, check_scene, preset_scene
from models.core.presets import load_presets
from views.common.style import configure_pyqtgraph


def inspect(capsys, matrix: str) -> tuple[dict[str, str], dict]:
    """The table (name → text) and the JSON object ``inspect`` prints for ``matrix``."""
    assert main(["inspect", matrix]) == 0
    table = {}
    for line in capsys.readouterr().out.splitlines():
        name, _, value = line.partition("  ")
        table[name.strip()] = value.strip()
    assert main(["inspect", matrix, "--json"]) == 0
    return table, json.loads(capsys.readouterr().out)


def test_tiny_matrix_is_never_shown_as_zero(capsys):
    table, data = inspect(capsys, "[[1e-300,0],[0,1e-300]]")
    assert table["eigenvalues"] == "1e-300, 1e-300"
    assert table["rank"] == "2" and table["invertible"] == "yes"
    assert data["eigenvalues"] == [[1e-300, 0.0], [1e-300, 0.0]]
    # det = 1e-600 does not fit a double: the JSON carries the same text, not null or 0
    assert table["det"] == "1e-600"
    assert isinstance(data["det"], str) and Decimal(data["det"]) == Decimal("1e-600")


def _diag(values) -> str:
    n = len(values)
    return "; ".join(" ".join(v if i == j else "0" for j in range(n))
                     for i, v in enumerate(values))


@pytest.mark.parametrize("matrix", ["[[1e-200,0],[0,-3e-200]]", "[[2,1],[1,2]]",
                                    "[[1,2],[2,4]]", _diag(["1e12"] * 25 + ["-1e12"])])
def test_det_in_the_table_and_the_json_agree(capsys, matrix):
    table, data = inspect(capsys, matrix)
    text = table["det"]
    if isinstance(data["det"], str):
        assert Decimal(data["det"]) == pytest.approx(Decimal(text), rel=Decimal("1e-5"))
    else:
        assert data["det"] == pytest.approx(float(text), rel=1e-5, abs=0)
        assert (data["det"] == 0) == (text == "0")


@pytest.mark.parametrize(("matrix", "eigenvalues", "values"), [
    ("[[1,1000],[1e-4,1]]", "1.31623, 0.683772", [1 + 0.1**0.5, 1 - 0.1**0.5]),
    ("[[0,1e6],[1e-6,0]]", "1, -1", [1.0, -1.0]),
    ("[[0,1],[-1e-8,0]]", "0 + 0.0001i, 0 - 0.0001i", [1e-4j, -1e-4j]),
])
def test_named_matrices_keep_their_eigenvalues(capsys, matrix, eigenvalues, values):
    table, data = inspect(capsys, matrix)
    assert table["eigenvalues"] == eigenvalues
    assert table["defective"] == "no" and data["defective"] is False
    got = [complex(re_, im) for re_, im in data["eigenvalues"]]
    np.testing.assert_allclose(got, values, rtol=1e-12)


def test_a_defective_matrix_lists_one_root_with_its_multiplicity(capsys):
    # P·J₃(2)·P⁻¹: NumPy splits the triple root into 1.999996 ± 6.6e-6i and 2.000008
    p = np.array([[1.0, 2, 0], [0, 1, 1], [1, 0, 1]])
    a = p @ np.array([[2.0, 1, 0], [0, 2, 1], [0, 0, 2]]) @ np.linalg.inv(p)
    table, data = inspect(capsys, "; ".join(" ".join(repr(float(x)) for x in row) for row in a))
    assert table["defective"] == "yes"
    assert table["eigenvalues"] == "2, 2, 2"
    assert all(im == 0 for _, im in data["eigenvalues"])


# ---- every preset, as built on screen ---------------------------------------------------------

# A number written with an exponent of −13 or below, or a "−0": round-off shown as a value.
ROUND_OFF = re.compile(r"e[-−](1[3-9]|[2-9]\d|\d{3})\b|(?<![\d.])[-−]0(?![.\d])")


def _texts(view) -> list[str]:
    """Every text the view shows (labels, rich text, canvas texts), typed entries left out."""
    out = [w.text() for w in view.findChildren(QLabel)]
    out += [w.toPlainText() for w in view.findChildren(QTextEdit)]
    for gv in view.findChildren(QGraphicsView):
        for item in gv.scene().items() if gv.scene() else []:
            if isinstance(item, QGraphicsTextItem):
                out.append(item.toPlainText())
            elif isinstance(item, QGraphicsSimpleTextItem):
                out.append(item.text())
    return [t for t in out if t]


def _values(preset):
    if preset.param is None:
        return [None]
    p = preset.param
    return [p.min, p.default, p.max, (2 * p.min + p.max) / 3]


def _shown_texts(view) -> list[str]:
    QApplication.processEvents()
    if hasattr(view, "flush"):  # the Plane lab's inspector follows its canvas's paint
        view.flush()
    QApplication.processEvents()
    return _texts(view)


@pytest.mark.parametrize("preset", load_presets(), ids=lambda p: p.name)
def test_preset_texts_show_no_round_off(qapp, preset):
    """Each preset as the window shows it, at its parameter's ends and inside (applied to the
    one view, as the preset's slider does)."""
    configure_pyqtgraph()
    values = _values(preset)
    model, view = build_lab(check_scene(preset_scene(preset, values[0])))
    try:
        view.resize(1400, 900)
        view.show()
        for k, value in enumerate(values):
            if k:
                checked = check_scene(preset_scene(preset, value))
                apply_scene(checked, model, view)
                assert model.to_dict() == type(model)(checked.state).to_dict()
            texts = _shown_texts(view)
            assert len(texts) > 5
            noisy = [t for t in texts if ROUND_OFF.search(t)]
            assert noisy == [], value
    finally:
        view.close()
        view.deleteLater()
        QApplication.processEvents()
