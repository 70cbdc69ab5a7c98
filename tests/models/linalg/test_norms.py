"""Matrix norms, one function for every lab, against NumPy: random, tiny, huge, singular and
rectangular matrices; the inspector's facts and the Norms lab's picture read the same."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from models.linalg.matrix_facts import analyze
from models.linalg.norms import matrix_norms
from models.plane.norm_balls import norms_picture

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
scales = st.sampled_from([1e-300, 1e-150, 1e-8, 1.0, 1e8, 1e150, 1e300])
shapes = st.tuples(st.integers(1, 6), st.integers(1, 6))


def _numpy_norms(a) -> dict[str, float]:
    """NumPy's norms of ``a``, computed on ``a`` divided by its largest entry (NumPy's plain
    Frobenius formula squares the entries: it under- and overflows far inside the range)."""
    a = np.asarray(a, dtype=float)
    top = float(np.max(np.abs(a)))
    if top == 0:
        return dict.fromkeys(("l1", "l2", "inf", "fro"), 0.0)
    b = a / top
    return {k: top * float(np.linalg.norm(b, o))
            for k, o in (("l1", 1), ("l2", 2), ("inf", np.inf), ("fro", "fro"))}


def _assert_numpys(norms, a, rel=1e-12):
    ref = _numpy_norms(a)
    assert set(norms) == set(ref)
    # A subnormal result holds only a few digits: a thousand of its steps of 2⁻¹⁰⁷⁴ is still
    # rounding (the entries of 2.4e-315 have nine).
    floor = 1024 * np.finfo(float).smallest_subnormal
    for key, value in ref.items():
        assert norms[key] == pytest.approx(value, rel=rel, abs=floor), key
    assert norms["l2"] <= norms["fro"] <= np.sqrt(min(np.shape(a))) * norms["l2"] * (1 + 1e-15)


@settings(max_examples=150, deadline=None)
@given(shapes.flatmap(lambda sh: arrays(np.float64, sh, elements=finite)), scales)
@example(np.array([[2.40855233e-165, 2.40855233e-165], [2.40855233e-165, 0.0]]), 1e-150)
def test_matrix_norms_are_numpys(a, scale):
    _assert_numpys(matrix_norms(a * scale), a * scale)


@pytest.mark.parametrize("a", [
    [[1, 2], [2, 4]],  # singular
    [[0, 0], [0, 0]],
    [[1e-320, 0], [0, 0]],  # subnormal: ‖A‖_F is 1e-320, not the 0 of Σ aᵢⱼ²
    [[1e300, 1e300], [-1e300, 1e300]],  # huge: Σ aᵢⱼ² overflows, ‖A‖_F does not
    [[1, 1e-17], [0, 1]],
    [[3, -4, 0, 1]],
    [[1], [-2], [2]],
])
def test_matrix_norms_of_named_matrices(a):
    _assert_numpys(matrix_norms(a), a)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, (2, 2), elements=finite), scales)
def test_the_inspector_and_the_norms_lab_show_numpys_norms(a, scale):
    a = a * scale
    _assert_numpys(analyze(a).norms, a)
    _assert_numpys(norms_picture(a, [0.3, -0.4], 3.0, n_points=41).matrix_norms, a)


def test_given_singular_values_are_used():
    a = np.array([[3.0, 0.0], [0.0, 4.0]])
    assert matrix_norms(a, np.array([4.0, 3.0]))["fro"] == 5.0
    assert matrix_norms(a, np.array([4.0, 0.0]))["fro"] == 4.0  # what the caller stored
