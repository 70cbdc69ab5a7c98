"""Matrix facts against NumPy over random, singular, defective, huge and tiny matrices."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from models.matrix_facts import analyze

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)
shapes = st.tuples(st.integers(1, 6), st.integers(1, 6))


def _check_against_numpy(a):
    f = analyze(a)
    s = np.linalg.svd(a, compute_uv=False)
    np.testing.assert_allclose(f.singular_values, s, rtol=1e-10, atol=1e-12 * max(1, s[0]))
    assert f.rank == np.linalg.matrix_rank(a)
    assert f.norms["l1"] == pytest.approx(np.linalg.norm(a, 1))
    assert f.norms["inf"] == pytest.approx(np.linalg.norm(a, np.inf))
    assert f.norms["fro"] == pytest.approx(np.linalg.norm(a, "fro"))
    assert f.norms["l2"] == pytest.approx(np.linalg.norm(a, 2), rel=1e-10)
    assert list(f.singular_values) == sorted(f.singular_values, reverse=True)
    json.dumps(f.to_json(), allow_nan=False)  # always valid JSON
    if a.shape[0] == a.shape[1]:
        assert f.det == pytest.approx(np.linalg.det(a), rel=1e-9, abs=1e-9 * max(1, s[0]) ** 2)
        assert f.trace == pytest.approx(np.trace(a))
        assert sorted(np.round(f.eigenvalues, 6), key=lambda z: (z.real, z.imag)) == sorted(
            np.round(np.linalg.eigvals(a), 6), key=lambda z: (z.real, z.imag))
        if f.inverse is not None:
            np.testing.assert_allclose(f.inverse @ a, np.eye(a.shape[0]),
                                       atol=1e-6 * f.condition_number)
    else:
        assert f.det is None and f.eigenvalues is None and f.defective is None
    return f


@settings(max_examples=60, deadline=None)
@given(shapes.flatmap(lambda sh: arrays(np.float64, sh, elements=finite)))
def test_random_matrices_match_numpy(a):
    _check_against_numpy(a)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 5), st.integers(1, 4), st.integers(0, 10_000))
def test_singular_products_have_low_rank(n, r, seed):
    rng = np.random.default_rng(seed)
    r = min(r, n - 1)
    a = rng.normal(size=(n, r)) @ rng.normal(size=(r, n))
    f = _check_against_numpy(a)
    assert f.rank == r and not f.invertible and f.inverse is None
    assert f.to_json()["condition_number"] is None  # ∞ is null in JSON


@pytest.mark.parametrize("scale", [1e-150, 1e-8, 1.0, 1e8, 1e150])
def test_huge_and_tiny_scales(scale):
    a = np.array([[2.0, 1.0], [1.0, 3.0]]) * scale
    f = _check_against_numpy(a)
    assert f.rank == 2 and f.condition_number == pytest.approx(
        np.linalg.cond(a), rel=1e-9)


@pytest.mark.parametrize(("a", "defective"), [
    ([[1, 1], [0, 1]], True),
    ([[2, 0], [0, 2]], False),
    ([[0, 1], [0, 0]], True),
    ([[3, 1, 0], [0, 3, 1], [0, 0, 3]], True),
    ([[2, 1], [1, 2]], False),
    ([[0, -1], [1, 0]], False),
    ([[5, 0, 0], [0, 5, 0], [0, 0, 1]], False),
])
def test_defective(a, defective):
    assert analyze(a).defective is defective


def test_flags():
    c, s = np.cos(0.3), np.sin(0.3)
    rot = analyze([[c, -s], [s, c]])
    assert rot.orthogonal and not rot.symmetric and rot.invertible
    sym = analyze([[2, 1], [1, 2]])
    assert sym.symmetric and not sym.orthogonal
    assert sym.to_json()["eigenvalues"] == [[3.0, 0.0], [1.0, 0.0]]
    assert analyze([[0, -1], [1, 0]]).to_json()["eigenvalues"] == [[0.0, 1.0], [0.0, -1.0]]


@pytest.mark.parametrize("bad", [[[np.nan, 1], [1, 1]], [[np.inf, 0], [0, 1]], [], [1, 2]])
def test_refuses_non_finite_or_non_matrix(bad):
    with pytest.raises(ValueError):
        analyze(bad)
