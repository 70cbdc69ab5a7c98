"""Matrix facts against NumPy over random, singular, defective, huge and tiny matrices."""

import json
import math
import warnings
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from models.linalg.eigen_cases import eigen_clusters
from models.linalg.matrix_facts import analyze
from models.plane.geometry import plane_geometry
from tests.models.linalg.eigen_reference import (
    cross,
    numpy_case,
    numpy_eigenpairs,
    power_of_two_scaled,
)

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)
shapes = st.tuples(st.integers(1, 6), st.integers(1, 6))
_P = np.array([[1.0, 2, 0], [0, 1, 1], [1, 0, 1]])


def _assert_same_values(ours, numpy_values, tol):
    """Each of NumPy's eigenvalues has its own one among ours within ``tol``."""
    left = list(ours)
    for z in numpy_values:
        k = int(np.argmin([abs(z - y) for y in left]))
        assert abs(z - left.pop(k)) <= tol, (ours, numpy_values)


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
        # NumPy's LU determinant carries rounding of about n·ε·σ₁ⁿ (an exactly singular
        # 5×5 with entries near 500 comes out as ±0.005, not 0)
        n = a.shape[0]
        assert f.det == pytest.approx(np.linalg.det(a), rel=1e-9,
                                      abs=1e-9 * max(1, s[0]) ** 2 + 64 * n * np.finfo(float).eps
                                      * float(s[0]) ** n)
        assert f.trace == pytest.approx(np.trace(a))
        _assert_same_values(f.eigenvalues, np.linalg.eigvals(a), 1e-6 * s[0])
        if f.inverse is not None:
            np.testing.assert_allclose(f.inverse @ a, np.eye(a.shape[0]),
                                       atol=1e-6 * f.condition_number)
    else:
        assert f.det is None and f.eigenvalues is None and f.defective is None
    return f


@settings(max_examples=60, deadline=None)
@given(shapes.flatmap(lambda sh: arrays(np.float64, sh, elements=finite)))
@example(np.array([[-421.0, -421, 0, -421, -421], [-421, -421, -421, -421, -421],
                   [-421, -421, -421, 0, -421], [-421, -421, -421, -421, -421],
                   [721, -421, -421, -421, -421]]))  # two equal rows: det exactly 0
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
    # near-repeated symmetric: not defective (the Plane lab once drew these as defective)
    ([[1, 0], [0, 1.000001]], False),
    ([[1, 1e-7], [1e-7, 1]], False),
    # a Jordan block with a large eigenvalue is defective (was missed)
    ([[1e6, 1], [0, 1e6]], True),
    # P·J₃(2)·P⁻¹: NumPy splits the triple root into 1.999996 ± 6.6e-6i and 2.000008
    (_P @ [[2, 1, 0], [0, 2, 1], [0, 0, 2]] @ np.linalg.inv(_P), True),
    (np.diag([1, 1.001, 2]), False),
    (np.diag([1, 1, 2]), False),
    (np.diag([1, 1.000001, 2]), False),
    ([[2, 1, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0], [0, 0, 0, 1]], True),
])
def test_defective(a, defective):
    assert analyze(a).defective is defective


@pytest.mark.parametrize("scale", [1e-300, 1e-150, 1.0, 1e150, 1e300])
def test_tiny_jordan_block_is_defective_not_symmetric(scale):
    f = analyze(np.array([[1.0, 1.0], [0.0, 1.0]]) * scale)
    assert f.defective and not f.symmetric
    assert analyze(np.array([[2.0, 1.0], [1.0, 2.0]]) * scale).symmetric


@settings(max_examples=60, deadline=None)
@given(shapes.flatmap(lambda sh: arrays(np.float64, sh, elements=finite)),
       st.sampled_from([1e-320, 1e-310, 1e-300, 1e-150, 1.0, 1e150, 1e300]))
def test_frobenius_is_never_below_the_spectral_norm(a, scale):
    b = a * scale
    f = analyze(b)
    assert f.norms["l2"] <= f.norms["fro"]
    top = np.abs(b).max()
    ref = top * np.linalg.norm(b / top) if top > 0 else 0.0  # NumPy's, without underflow
    assert f.norms["fro"] == pytest.approx(ref, rel=1e-6 if top > 1e-300 else 1e-2)


def test_frobenius_of_a_subnormal_entry():
    f = analyze([[1e-320]])
    assert f.norms["fro"] == f.norms["l2"] == 1e-320


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3).flatmap(
    lambda n: arrays(np.int64, (n, n), elements=st.integers(-10**4, 10**4))))
def test_small_determinants_are_exact(a):
    n = a.shape[0]
    rows = a.tolist()
    if n == 1:
        exact = rows[0][0]
    elif n == 2:
        exact = rows[0][0] * rows[1][1] - rows[0][1] * rows[1][0]
    else:
        (p, q, r), (s, t, u), (v, w, x) = rows
        exact = p * (t * x - u * w) - q * (s * x - u * v) + r * (s * w - t * v)
    f = analyze(a.astype(float))
    assert f.det == exact  # integers well inside 2⁵³: no rounding at all
    assert f.det_sign == (exact > 0) - (exact < 0)


def test_det_of_8_is_8():
    assert analyze([[8]]).det == 8.0
    assert analyze([[0.1, 0.2], [0.3, 0.4]]).det == pytest.approx(-0.02, rel=1e-15)


@pytest.mark.parametrize(("a", "sign", "log10", "text"), [
    (np.eye(2) * 1e-300, 1, -600, "1e-600"),
    (np.diag([1e300, 1e300, -1e300]), -1, 900, "-1e+900"),
    (np.eye(4) * 1e-100, 1, -400, "1e-400"),
    (np.diag([-2.5e-7, 1e-7]), -1, np.log10(2.5e-14), "-2.5e-14"),
])
def test_determinant_beyond_a_double_keeps_sign_and_size(a, sign, log10, text):
    f = analyze(a)
    assert f.invertible and f.det_sign == sign
    assert f.det_log10 == pytest.approx(log10, abs=1e-9)
    assert f.det_text() == text
    if f.det == 0 or not np.isfinite(f.det):
        # never "0" (nor null) next to invertible: the same number the table prints
        assert not f.det_fits
        assert Decimal(f.to_json()["det"]) == Decimal(text)
    json.dumps(f.to_json(), allow_nan=False)


def test_singular_determinant_is_zero():
    f = analyze([[1, 2], [2, 4]])
    assert f.det == 0.0 and f.det_sign == 0 and f.det_fits and f.det_text() == "0"
    assert f.to_json()["det"] == 0.0


def test_inverse_too_large_for_a_double_is_left_out():
    f = analyze(np.eye(2) * 1e-310)
    assert f.invertible and f.inverse is None


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


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: arrays(np.float64, (n, n), elements=finite)),
       st.sampled_from([1e-300, 1e-150, 1.0, 1e150]), st.integers(0, 3))
def test_rank_det_singular_values_and_eigenvalues_tell_one_story(a, scale, drop):
    # some rows repeated, so that singular matrices come up often
    a = a.copy()
    for i in range(1, min(drop + 1, a.shape[0])):
        a[i] = a[0] * (i + 1)
    f = analyze(a * scale)
    n = a.shape[0]
    singular = f.rank < n
    assert singular == (f.det_sign == 0) == (f.singular_values[-1] == 0) == (not f.invertible)
    if any(z == 0 for z in f.eigenvalues):
        assert singular  # an eigenvalue shown as 0 only beside a lower rank
    assert f.det_text() == "0" if singular else f.det_text() != "0"


def test_round_off_of_zero_is_zero_and_only_that():
    f = analyze([[1, 0], [0, 1e-17]])  # below NumPy's rank tolerance: rank 1
    assert f.rank == 1 and f.det == 0 and list(f.singular_values) == [1, 0]
    assert list(f.eigenvalues) == [1, 0]
    f = analyze(np.eye(2) * 1e-300)  # tiny, but the matrix's own scale: nothing is 0
    assert f.rank == 2 and f.det_text() == "1e-600"
    assert list(f.eigenvalues) == [1e-300, 1e-300]
    np.testing.assert_allclose(f.singular_values, [1e-300] * 2, rtol=1e-15)
    f = analyze([[-1, -1.2246467991473532e-16], [1.2246467991473532e-16, -1]])  # rotation by π
    np.testing.assert_array_equal(f.inverse, [[-1, 0], [0, -1]])


# Entries of ordinary size, so that scaling them by 2^±27 stays exact (no subnormals).
moderate = st.one_of(st.just(0.0), st.floats(1e-6, 50), st.floats(-50, -1e-6))


@settings(max_examples=100, deadline=None)
@given(arrays(np.float64, (3, 3), elements=moderate), st.integers(-27, 27),
       st.integers(-27, 27))
def test_3x3_badly_scaled_eigenvalues_are_numpys(a, k1, k2):
    d = np.array([math.ldexp(1.0, k1), math.ldexp(1.0, k2), 1.0])
    scaled = a * d[:, None] / d[None, :]
    ref = np.linalg.eigvals(a)  # the same eigenvalues, from the unscaled matrix
    bn = np.linalg.norm(a)
    clusters = eigen_clusters(scaled)  # the Space lab's roots
    shown = [c.value for c in clusters for _ in range(c.algebraic)]
    for z in ref:
        assert min(abs(z - y) for y in shown) <= 1e-5 * bn
    w = np.linalg.eigvals(a)
    gap = min(abs(x - y) for i, x in enumerate(w) for y in w[i + 1:])
    if gap > 1e-3 * bn:
        assert all(c.algebraic == 1 for c in clusters) and not analyze(scaled).defective


def test_a_matrix_within_round_off_of_a_jordan_block_is_not_also_called_symmetric():
    # Its skew part (2e-14) is under the symmetry tolerance, yet A − μI has singular values
    # 4.5e-14 and 2.6e-14 about the eigenspace tolerance (3.9e-14): one eigen-direction.
    a = np.array([[1.249999999999984, -1.2121579478860214e-14],
                  [-3.168385713689105e-14, 1.2500000000000397]])
    f = analyze(a)
    assert f.defective and not f.symmetric
    sv = np.linalg.svd(a - np.trace(a) / 2 * np.eye(2), compute_uv=False)
    eps_tol = 100 * np.finfo(float).eps * np.linalg.norm(a)
    assert sv[1] <= eps_tol < sv[0]  # NumPy's SVD: rank 1 to working precision


@settings(max_examples=150, deadline=None)
@given(arrays(np.float64, (2, 2), elements=finite),
       st.sampled_from([1e-300, 1e-150, 1.0, 1e150, 1e300]))
def test_2x2_eigenvectors_are_numpys_and_the_ones_drawn(a, scale):
    a = a * scale
    f, case = analyze(a), numpy_case(a)
    v = f.eigenvectors
    np.testing.assert_allclose(np.linalg.norm(v, axis=0), 1.0)
    if case in ("complex", "distinct"):
        # NumPy's eigenvector for the same eigenvalue, up to a (complex) factor, wherever
        # NumPy's is one (see the balancing accident below)
        a1, sc = power_of_two_scaled(a)
        w1, v_np = np.linalg.eig(a1)
        for k in range(2):
            lam = f.eigenvalues[k]
            j = int(np.argmin(np.abs(w1 - (lam.real / sc + 1j * (lam.imag / sc)))))
            z = v_np[:, j]
            if np.linalg.norm(a1 @ z - w1[j] * z) <= 1e-8:
                assert abs(np.vdot(z, v[:, k])) == pytest.approx(1.0, abs=1e-6)
    if case == "defective":  # one eigen-direction: NumPy's two vectors lie on it
        _, v_np = numpy_eigenpairs(a)
        for k in range(2):
            assert cross(v[:, 0].real, v_np[:, k].real) <= 1e-6
    if f.eigenvectors.dtype.kind == "f":  # what the Plane lab draws
        lines = plane_geometry(a).eigenlines
        for k, (_, d) in enumerate(lines):
            np.testing.assert_array_equal(v[:, k], d)


def test_a_lapack_balancing_accident_is_not_an_eigenvector():
    # LAPACK's eig, after balancing, gives (1, 0) for λ ≈ 0 here: A (1, 0) = (4e-196, 1).
    a = np.array([[3.87711745e-196, 3.87711745e-196], [1.0, 1.0]])
    f = analyze(a)
    for k in range(2):
        v, lam = f.eigenvectors[:, k], f.eigenvalues[k].real
        assert np.linalg.norm(a @ v - lam * v) <= 1e-15


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 5), st.integers(0, 2**32 - 1))
def test_nxn_eigenvectors_are_numpys(n, seed):
    a = np.random.default_rng(seed).normal(size=(n, n))
    w_np, v_np = np.linalg.eig(a)
    gap = min(abs(x - y) for i, x in enumerate(w_np) for y in w_np[i + 1:])
    norm = np.linalg.norm(a)
    assume(gap > 1e-3 * norm)  # eigenvectors of (nearly) repeated roots are not unique
    f = analyze(a)
    for k in range(n):
        v, lam = f.eigenvectors[:, k], f.eigenvalues[k]
        assert np.linalg.norm(a @ v - lam * v) <= 1e-8 * norm
        j = int(np.argmin(np.abs(w_np - lam)))
        assert abs(np.vdot(v_np[:, j], v)) == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize("a", [
    [[2.0, 1.0], [1.0, 2.0]],
    [[2.0, 1.0], [1.0 + 1e-15, 2.0]],  # symmetric to within the tolerance
    [[2.0, 1.0], [1.0 + 1e-9, 2.0]],
    [[0.6, -0.8], [0.8, 0.6]],
    [[0.6, -0.8], [0.8, 0.6 + 1e-12]],
    [[1e200, -1e200], [1e200, 1e200]],  # AᵀA overflows
    [[1e308, 1e308], [-1e308, 1e308]],  # AᵀA is inf and NaN
    [[1e-300, 0.0], [0.0, 1e-300]],
    [[3.0, 1.0, 0.0], [1.0, 3.0, 0.0], [0.0, 0.0, 1.0]],
])
def test_symmetric_and_orthogonal_flags_agree_with_numpy_allclose(a):
    a = np.array(a)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NumPy warns of an infinite atol and of overflow
        f = analyze(a)  # (the trace and the norms of the 1e308 case overflow)
        orthogonal = np.allclose(a.T @ a, np.eye(len(a)), rtol=0, atol=1e-10)
        symmetric = not f.defective and np.allclose(a, a.T, rtol=0,
                                                    atol=0.5 * 100.0 * np.finfo(float).eps
                                                    * f.norms["fro"])
    assert f.orthogonal == orthogonal
    assert f.symmetric == symmetric
