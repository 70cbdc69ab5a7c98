"""What the Plane lab draws equals what NumPy computes: the λ written on each eigen-line
and its direction (np.linalg.eigvals / eig), the ellipse's semi-axes σ₁u₁ and σ₂u₂ and the
σ in their labels (np.linalg.svd), the ellipse itself, the notes for a repeated or a
complex pair, and the σ and λ the inspector lists, on a seeded list of random and
adversarial matrices. Every number is read back from the items and text on screen."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from models.plane.model import PlaneModel
from tests.models.linalg.eigen_reference import cross, numpy_case, numpy_eigenpairs
from views.plane.view import PlaneView

_C, _S = math.cos(math.pi / 6), math.sin(math.pi / 6)
ADVERSARIAL = {
    "symmetric": [[2, 1], [1, 2]],
    "symmetric, nearly repeated": [[1, 0], [0, 1.000001]],
    "symmetric, negative": [[-3, 0.5], [0.5, -1]],
    "defective shear": [[1, 1], [0, 1]],
    "defective, tilted": [[2, -1], [1, 0]],  # (λ − 1)²: one line, x = y
    "defective, tiny shear": [[3, 1e-9], [0, 3]],
    "complex": [[1, -2], [3, 1]],
    "rotation by 30°": [[_C, -_S], [_S, _C]],
    "complex, tiny imaginary part": [[0, 1], [-1e-8, 0]],
    "repeated": [[2, 0], [0, 2]],
    "zero": [[0, 0], [0, 0]],
    "singular": [[1, 2], [2, 4]],
    "nearly singular": [[1, 2], [2, 4.000001]],
    "reflection": [[0, 1], [1, 0]],
    "badly scaled, λ = ±1": [[0, 1e4], [1e-4, 0]],
    "badly scaled, distinct": [[1, 1000], [1e-4, 1]],
    "badly scaled diagonal": [[1e-5, 0], [0, 1e5]],
    "tiny": [[1e-5, 2e-5], [3e-5, -1e-5]],
    "huge": [[9e5, -4e5], [7e5, 2e5]],
}
_RNG = np.random.default_rng(20240608)
RANDOM = {f"random {k}": (_RNG.normal(size=(2, 2)) * 10.0 ** _RNG.integers(-3, 4)).tolist()
          for k in range(10)}
MATRICES = {**ADVERSARIAL, **RANDOM}


@pytest.fixture
def lab(show_lab):
    """The Plane lab as a person sees it: (model, view)."""
    model, view, _ = show_lab(PlaneView, PlaneModel(), size=(1000, 700))
    return model, view


def _draw(lab, a):
    """Show ``a`` in the lab; return the matrix as the model holds it and the canvas."""
    model, view = lab
    model.update(matrix=a)
    view.flush()
    QApplication.processEvents()
    return np.asarray(model.matrix), view.canvas()


def _number(text: str, prefix: str) -> float:
    """The number after ``prefix`` in a label (true minus signs read as '-')."""
    tail = text.split(prefix, 1)[1]
    return float(tail.split()[0].rstrip("),°").replace("\u2212", "-"))


def _close(shown: float, exact: float, scale: float) -> bool:
    """``shown`` is ``exact`` written with 3 significant digits (or round-off of 0 as 0)."""
    return abs(shown - exact) <= 5e-3 * abs(exact) + 1e-12 * scale


@pytest.mark.parametrize("name", list(MATRICES))
def test_what_is_drawn_is_numpys(lab, name):
    a, canvas = _draw(lab, MATRICES[name])
    _check_eigen_lines(canvas, a)
    _check_notes(canvas, a)
    _check_ellipse(canvas, a)
    _check_inspector(lab[1].inspector.text(), a)


def _check_eigen_lines(canvas, a):
    """Each eigen-line drawn is on NumPy's eigenvector, labelled with its eigenvalue."""
    w, vecs = numpy_eigenpairs(a)
    scale = float(np.max(np.abs(a))) or 1.0
    case = numpy_case(a)
    assert case is not None, "every matrix here is far from a threshold"
    shown = [k for k in (1, 2) if canvas.items[f"eigenline_{k}"].isVisible()]
    assert len(shown) == {"distinct": 2, "defective": 1, "repeated": 0, "complex": 0}[case]
    matched = set()
    for k in shown:
        text = canvas.label(f"eigenline_{k}").text
        assert text.endswith(" (defective)") == (case == "defective"), text
        angle = math.radians(canvas.items[f"eigenline_{k}"].angle)
        direction = (math.cos(angle), math.sin(angle))
        # the line is one of NumPy's eigenvectors (a defective one: both of them, split
        # by round-off), and the λ written on it is that eigenvector's eigenvalue
        errors = [cross(direction, vecs[:, j].real) for j in (0, 1)]
        j = int(np.argmin(errors))
        assert (max(errors) if case == "defective" else errors[j]) <= 1e-6, errors
        assert w[j].imag == 0 and _close(_number(text, "λ="), w[j].real, scale), (text, w)
        matched.add(j)
    assert len(matched) == len(shown) or case == "defective"  # two lines: both eigenvalues


def _check_notes(canvas, a):
    """A repeated or complex pair has no lines but a note, with NumPy's numbers."""
    w, _ = numpy_eigenpairs(a)
    note = canvas.items["eigen_note"]
    assert note.isVisible() == (numpy_case(a) in ("repeated", "complex"))
    if not note.isVisible():
        return
    text = note.toPlainText()
    scale = float(np.max(np.abs(a))) or 1.0
    if numpy_case(a) == "repeated":
        assert "every direction is an eigenvector" in text
        assert _close(_number(text, "λ="), w[0].real, scale)
    else:  # λ = r e^(±iθ)
        assert _close(_number(text, "scale r="), abs(w[0]), scale)
        theta = math.degrees(abs(np.angle(w[0])))
        assert abs(_number(text, "θ=") - theta) <= 0.05 + 1e-9 * theta


def _check_ellipse(canvas, a):
    """The semi-axes σ₁u₁, σ₂u₂, their labels and the ellipse are NumPy's SVD."""
    u, s, vt = np.linalg.svd(a)
    top = max(float(s[0]), 1e-300)
    tips = [np.asarray(canvas.items[f"semi_axis_{k}"].tip, dtype=float) for k in (1, 2)]
    for k in (1, 2):
        sigma, tip = s[k - 1], tips[k - 1]
        label = canvas.label(f"semi_axis_{k}")
        # |σₖuₖ| = σₖ (a σ that NumPy's rank counts as 0 drawn as 0)
        assert np.hypot(*tip) == pytest.approx(sigma, rel=1e-12, abs=1e-12 * top)
        if s[0] - s[1] > 1e-6 * top:  # unique up to sign: σₖuₖ itself
            sign = 1.0 if tip @ u[:, k - 1] > 0 else -1.0
            np.testing.assert_allclose(tip, sign * sigma * u[:, k - 1], rtol=0,
                                       atol=1e-12 * top)
        # an axis too short to see next to σ₁ (σ₂ = 0 included) is neither drawn nor named;
        # the label of one drawn may give way to others (it is optional), its text may not
        on = sigma > 1e-9 * top
        assert canvas.items[f"semi_axis_{k}"].isVisible() == on
        if on:
            assert _close(_number(label.text, f"σ{'₁₂'[k - 1]}="), sigma, top), label.text
        else:
            assert not label.isVisible()
    if s[1] > 1e-9 * top:
        # each tip is A v for a unit v, and the two v are perpendicular (σ₁ = σ₂ included)
        pre = np.linalg.solve(a, np.array(tips).T)
        np.testing.assert_allclose(pre.T @ pre, np.eye(2), atol=1e-12 * s[0] / s[1])
    # the ellipse is A·(unit circle): as far out as σ₁, no further
    x, y = canvas.items["ellipse"].getData()
    r = np.hypot(x, y)
    assert r.max() <= s[0] * (1 + 1e-12) + 1e-300
    assert r.max() >= s[0] * (1 - 2e-4)  # 181 points: within 1° of the farthest one
    if s[1] > 1e-9 * top:
        pre = np.linalg.solve(a, np.vstack([x, y]))
        np.testing.assert_allclose(np.hypot(*pre), 1.0, atol=1e-9)


def _check_inspector(text: str, a):
    """The inspector beside the picture lists NumPy's singular values and eigenvalues."""
    s = np.linalg.svd(a, compute_uv=False)
    w, _ = numpy_eigenpairs(a)
    top = max(float(s[0]), 1e-300)
    for k, sub in ((0, "₁"), (1, "₂")):
        shown = _number(text, f"σ{sub} = ")
        assert abs(shown - s[k]) <= 5e-4 * s[k] + 1e-12 * top, (text, s)
        if w[k].imag == 0:  # real eigenvalues, in descending order
            lam = _number(text, f"λ{sub} = ")
            assert abs(lam - np.sort(w.real)[::-1][k]) <= 5e-4 * abs(lam) + 1e-9 * top
