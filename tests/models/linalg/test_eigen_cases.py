"""One eigen-case rule, checked against NumPy: the Plane lab's eigen case and lines (and the
inspector's ``defective`` flag) and the Space lab's eigen-lines, over random, near-repeated,
huge, tiny and Jordan matrices. The 2×2 case is compared with what NumPy's own eigvals, eig
and svd say (tests.models.linalg.eigen_reference), never with the rule itself."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from models.linalg.eigen_cases import balance, classify_2x2, cluster_tol, eigen_clusters, pow2_scale
from models.linalg.matrix_facts import analyze
from models.plane.geometry import plane_geometry
from models.space.geometry import space_geometry
from tests.models.linalg.eigen_reference import (
    cross,
    line_error,
    numpy_case,
    numpy_eigenpairs,
)

entries = st.floats(min_value=-50, max_value=50, allow_nan=False, allow_infinity=False)
scales = st.sampled_from([1e-150, 1e-40, 1e-8, 1.0, 1e8, 1e40, 1e150])
seeds = st.integers(0, 2**32 - 1)


def _well_conditioned(rng, n: int, cond_max: float = 10.0) -> np.ndarray:
    while True:
        p = rng.normal(size=(n, n))
        if np.linalg.cond(p) <= cond_max:
            return p


def _jordan_similar(rng, lam: float, sizes: tuple[int, ...]) -> np.ndarray:
    """P·J·P⁻¹ with J Jordan blocks of the given sizes for λ, P random well-conditioned."""
    n = sum(sizes)
    j = lam * np.eye(n)
    k = 0
    for size in sizes:
        for i in range(k, k + size - 1):
            j[i, i + 1] = 1.0
        k += size
    p = _well_conditioned(rng, n)
    return p @ j @ np.linalg.inv(p)


def _near_repeated(seed: int, mu: float, log_delta: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return mu * np.eye(2) + 10.0 ** log_delta * rng.normal(size=(2, 2))


@settings(max_examples=100, deadline=None)
@given(seeds, st.floats(-10, 10), scales)
def test_2x2_jordan_similarity_is_defective_in_both(seed, lam, scale):
    a = _jordan_similar(np.random.default_rng(seed), lam, (2,)) * scale
    g = plane_geometry(a)
    assert g.eigen_case == "defective" and analyze(a).defective
    assert numpy_case(a) in ("defective", None)
    (mu, v), = g.eigenlines
    assert mu == pytest.approx(lam * scale, rel=1e-6, abs=1e-6 * scale)
    # the one eigen-direction: A v = λ v, unit, first non-zero component positive
    np.testing.assert_allclose(a @ v / scale, mu / scale * v, atol=1e-6 * np.abs(a).max() / scale)
    assert np.hypot(*v) == pytest.approx(1.0)
    assert v[0] > 1e-12 or (abs(v[0]) <= 1e-12 and v[1] > 0)
    # NumPy's two eigenvectors (split by round-off) both lie on the one line drawn.
    _, vecs = numpy_eigenpairs(a)
    assert max(cross(v, vecs[:, k].real) for k in (0, 1)) <= 1e-6


@settings(max_examples=100, deadline=None)
@given(seeds, st.floats(-10, 10), st.floats(-14, 1), scales)
def test_symmetric_is_never_defective(seed, mu, log_delta, scale):
    b = _near_repeated(seed, mu, log_delta)
    a = (b + b.T) * scale
    g = plane_geometry(a)
    assert g.eigen_case in ("distinct", "repeated") and not analyze(a).defective
    assert numpy_case(a) in (g.eigen_case, None)
    # NumPy's eigvalsh (on A scaled by a power of two): the same values, to working precision
    s = pow2_scale(np.abs(a).max())
    ref = np.linalg.eigvalsh(a / s)
    ours = np.sort(g.eigenvalues.real / s)
    np.testing.assert_allclose(ours, ref, rtol=0, atol=1e-13 * np.linalg.norm(a / s))
    if g.eigen_case == "distinct":
        (_, v1), (_, v2) = g.eigenlines
        assert abs(v1 @ v2) <= 1e-9  # a symmetric matrix's eigen-lines are perpendicular
        if ref[1] - ref[0] > 1e-6 * np.linalg.norm(a / s):  # well-determined lines
            for lam, v in g.eigenlines:
                assert line_error(a, lam, v) <= 1e-8


@pytest.mark.parametrize(("a", "case", "directions"), [
    # a tiny gap against a tiny shear part is still two lines (the review's cases)
    (np.diag([1.0, 1.000001]), "distinct", [[0, 1], [1, 0]]),
    ([[1, 1e-7], [1e-7, 1]], "distinct", [[1, 1], [1, -1]]),
    ([[1e6, 1], [0, 1e6]], "defective", [[1, 0]]),  # a Jordan block, however large λ is
    ([[1, 0], [1, 1]], "defective", [[0, 1]]),
    ([[1, 1e-12], [0, 1]], "defective", [[1, 0]]),  # a shear of 1e-12 is still a shear
    ([[1, 1e-15], [0, 1]], "repeated", []),  # A − I is zero to working precision
    (np.eye(2) * 1e-320, "repeated", []),
    ([[0, 0], [0, 0]], "repeated", []),
])
def test_named_2x2_cases(a, case, directions):
    a = np.asarray(a, dtype=float)
    g = plane_geometry(a)
    assert g.eigen_case == case and numpy_case(a) == case
    assert analyze(a).defective == (case == "defective")
    lines = g.eigenlines
    assert len(lines) == len(directions)
    for (lam, v), d in zip(lines, directions, strict=True):
        np.testing.assert_allclose(v, np.asarray(d) / np.hypot(*d), atol=1e-9)
        assert line_error(a, lam, v) <= 1e-6  # on NumPy's eigen-line (defective: either one)


def test_distinct_eigen_directions_follow_the_sign_convention():
    for a in ([[2, 1], [1, 2]], [[-3, 0], [0, -1]], [[0, 1], [1, 0]], [[1, 2], [2, 4]]):
        for lam, v in plane_geometry(a).eigenlines:
            assert v[0] > 1e-12 or (abs(v[0]) <= 1e-12 and v[1] > 0)
            np.testing.assert_allclose(np.asarray(a, float) @ v, lam * v, atol=1e-12)


@pytest.mark.parametrize("scale", [1e-300, 1e-150, 1.0, 1e150, 1e300])
def test_2x2_classifier_is_scale_free(scale):
    base = {"distinct": [[2, 1], [1, 2]], "defective": [[3, 1], [0, 3]],
            "complex": [[1, -1], [1, 1]], "repeated": [[2, 0], [0, 2]]}
    for case, a in base.items():
        e = classify_2x2(np.asarray(a, dtype=float) * scale)
        assert e.case == case
    e = classify_2x2(np.array([[1.0, -1], [1, 1]]) * scale)
    assert e.rotation_angle == pytest.approx(np.pi / 4)
    assert e.rotation_scale == pytest.approx(np.sqrt(2) * scale)


# ---- n×n -------------------------------------------------------------------------------

JORDAN3 = np.array([[1.0, 2, 0], [0, 1, 1], [1, 0, 1]]) @ np.array(
    [[2.0, 1, 0], [0, 2, 1], [0, 0, 2]]) @ np.linalg.inv(np.array([[1.0, 2, 0], [0, 1, 1],
                                                                  [1, 0, 1]]))


def test_split_triple_root_is_one_real_defective_cluster():
    # NumPy splits the triple root 2 into 1.999996 ± 6.6e-6i and 2.000008.
    assert np.abs(np.linalg.eigvals(JORDAN3).imag).max() > 1e-6
    (c,) = eigen_clusters(JORDAN3)
    assert c.real and c.algebraic == 3 and c.geometric == 1 and c.defective
    assert c.value == pytest.approx(2.0, abs=1e-9)
    assert analyze(JORDAN3).defective


def test_cluster_tolerance_grows_with_the_cluster_size():
    eps = np.finfo(float).eps
    assert cluster_tol(2) == pytest.approx(10 * math.sqrt(eps))
    assert cluster_tol(2) < 1e-6 < cluster_tol(3) < 1e-4 < cluster_tol(4)
    assert cluster_tol(9) == cluster_tol(4)  # capped


@settings(max_examples=60, deadline=None)
@given(seeds, st.floats(-10, 10), st.sampled_from([(3,), (2, 1), (2,), (2, 2), (3, 1), (4,)]),
       st.sampled_from([1e-100, 1.0, 1e100]))
def test_jordan_similarity_is_defective(seed, lam, sizes, scale):
    a = _jordan_similar(np.random.default_rng(seed), lam, sizes) * scale
    assert analyze(a).defective
    real = [c for c in eigen_clusters(a) if c.real]
    assert [c for c in eigen_clusters(a) if not c.real] == []
    assert sum(c.algebraic for c in real) == a.shape[0]
    assert sum(c.geometric for c in real) == len(sizes)
    for c in real:
        assert c.value.real == pytest.approx(lam * scale, rel=1e-3, abs=1e-3 * scale)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: arrays(np.float64, (n, n), elements=entries)))
def test_random_matrices_cluster_without_crashing(a):
    clusters = eigen_clusters(a)
    assert sum(c.algebraic for c in clusters) == a.shape[0]
    for c in clusters:
        assert 1 <= c.geometric <= c.algebraic
        if c.real:
            assert c.basis.shape == (c.geometric, a.shape[0])
            # a basis of null(A − μI) up to the cluster's own spread
            np.testing.assert_allclose(a @ c.basis.T, c.value.real * c.basis.T,
                                       atol=10 * c.radius + 1e-6 * max(1.0, np.abs(a).max()))
    # (scaled first: NumPy's own eigenvalues of [[1e-297, 1e-235], [1e-297, 1e-297]] lose
    # their gap of 1e-266 to underflow)
    a1 = a / pow2_scale(np.abs(a).max())
    w = np.linalg.eigvals(a1)
    gap = min((abs(x - y) for i, x in enumerate(w) for y in w[i + 1:]), default=np.inf)
    if gap > 3e-3 * np.linalg.norm(a1):
        # well-separated eigenvalues: every cluster a single eigenvalue, never defective
        assert all(c.algebraic == 1 for c in clusters)
        assert not analyze(a).defective


@settings(max_examples=60, deadline=None)
@given(seeds, st.integers(3, 6))
def test_random_well_separated_matrices_are_not_defective(seed, n):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(n, n))
    w = np.linalg.eigvals(a)
    gap = min(abs(x - y) for i, x in enumerate(w) for y in w[i + 1:])
    assume(gap > 3e-3 * np.linalg.norm(a))
    assert not analyze(a).defective
    assert all(c.algebraic == 1 for c in eigen_clusters(a))


def _rotation(axis, angle):
    k = np.asarray(axis, dtype=float) / np.linalg.norm(axis)
    kx = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + np.sin(angle) * kx + (1 - np.cos(angle)) * kx @ kx, k


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, (3,), elements=st.floats(-1, 1)).filter(
    lambda v: np.linalg.norm(v) > 0.1), st.floats(0.05, 3.1), st.floats(0.1, 10))
def test_rotation_about_an_axis_is_one_line_and_a_complex_pair(axis, angle, r):
    rot, k = _rotation(axis, angle)
    a = r * rot
    g = space_geometry(a)
    assert len(g.eigen) == 1 and len(g.complex_eigen) == 1
    np.testing.assert_allclose(abs(g.eigen[0].direction @ k), 1.0, atol=1e-9)
    assert g.eigen[0].value == pytest.approx(r)
    z = g.complex_eigen[0]
    assert abs(z) == pytest.approx(r) and np.angle(z) == pytest.approx(angle)
    assert not analyze(a).defective


@settings(max_examples=60, deadline=None)
@given(st.one_of(
    arrays(np.float64, (3, 3), elements=entries),
    st.tuples(seeds, st.floats(-5, 5), st.sampled_from([(3,), (2, 1)])).map(
        lambda t: _jordan_similar(np.random.default_rng(t[0]), t[1], t[2])),
    st.tuples(seeds, st.floats(-5, 5), st.floats(-14, -1)).map(
        lambda t: t[1] * np.eye(3) + 10 ** t[2] * np.random.default_rng(t[0]).normal(
            size=(3, 3)))))
def test_3x3_space_lab_and_inspector_agree(a):
    g = space_geometry(a)
    labelled = any("is defective" in note for note in g.notes)
    assert analyze(a).defective == labelled
    # Each line is an eigenvector up to its cluster's spread (eigenvalues 1e-4 apart at
    # λ = 2 are one root here: within 6e-5·‖A‖ per member of a triple).
    spread = max((c.radius for c in eigen_clusters(a) if c.real), default=0.0)
    for e in g.eigen:
        assert np.linalg.norm(e.direction) == pytest.approx(1.0)
        np.testing.assert_allclose(a @ e.direction, e.value * e.direction,
                                   atol=10 * spread + 1e-6 * max(1.0, np.abs(a).max()))


# ---- the review's wrong numbers: eigenvalues are NumPy's, "defective" only when earned -----

NAMED_2X2 = [
    # (matrix, case, eigenvalues)
    ([[1, 1000], [1e-4, 1]], "distinct", [1 + math.sqrt(0.1), 1 - math.sqrt(0.1)]),
    ([[0, 1e6], [1e-6, 0]], "distinct", [1.0, -1.0]),
    ([[0, 1e8], [1e-8, 0]], "distinct", [1.0, -1.0]),
    ([[0, 1], [-1e-8, 0]], "complex", [1e-4j, -1e-4j]),
]


@pytest.mark.parametrize(("a", "case", "values"), NAMED_2X2)
def test_named_matrices_keep_their_eigenvalues(a, case, values):
    a = np.asarray(a, dtype=float)
    e = classify_2x2(a)
    assert e.case == case and not e.defective
    np.testing.assert_allclose(e.eigenvalues, values, rtol=1e-12, atol=0)
    np.testing.assert_allclose(sorted(e.eigenvalues, key=lambda z: (-z.real, -z.imag)),
                               sorted(np.linalg.eigvals(a), key=lambda z: (-z.real, -z.imag)),
                               rtol=1e-9)
    # what the Plane lab draws: one labelled line per real eigenvalue, at NumPy's values
    g = plane_geometry(a)
    assert g.eigen_case == case
    drawn = [lam for lam, _ in g.eigenlines]
    np.testing.assert_allclose(drawn, [v.real for v in values if v.imag == 0], rtol=1e-12)
    for lam, v in g.eigenlines:
        np.testing.assert_allclose(a @ v, lam * v, rtol=0, atol=1e-12 * np.abs(a).max())
    assert not analyze(a).defective


@pytest.mark.parametrize(("a", "case", "values"), NAMED_2X2)
def test_named_matrices_inside_a_3x3_read_the_same(a, case, values):
    a3 = np.zeros((3, 3))
    a3[:2, :2] = a
    a3[2, 2] = 7.0
    g = space_geometry(a3)
    assert not analyze(a3).defective
    assert not any("defective" in note for note in g.notes)
    real = sorted([e.value for e in g.eigen], reverse=True)
    want = sorted([7.0] + [v.real for v in values if v.imag == 0], reverse=True)
    np.testing.assert_allclose(real, want, rtol=1e-9)
    np.testing.assert_allclose(sorted(z.imag for z in g.complex_eigen),
                               sorted(v.imag for v in values if v.imag > 0), rtol=1e-6)


# ---- 2×2 against NumPy: random, near-defective, badly scaled, nearly singular --------------

def _balanced_fro(a) -> float:
    """‖B‖_F of the balanced 2×2: |b'| = |c'| = √|bc| (0 for a triangular one, the limit)."""
    (p, q), (r, s) = np.asarray(a, dtype=float)
    # hypot scales: p² of a tiny p (1e-250) would underflow to 0 and leave no tolerance
    return math.hypot(p, s, math.sqrt(2 * abs(q)) * math.sqrt(abs(r)))


def _exact_jordan(rng) -> np.ndarray:
    """λI + k·u·wᵀ with wᵀu = 0, from small integers: a Jordan block, exactly in floats."""
    lam, k = (float(x) for x in rng.integers(-8, 9, size=2))
    u1, u2 = (float(x) for x in rng.integers(-4, 5, size=2))
    if u1 == u2 == 0:
        u1 = 1.0
    return lam * np.eye(2) + (k or 1.0) * np.array([[-u1 * u2, u1 * u1], [-u2 * u2, u1 * u2]])


def _check_2x2_against_numpy(a):
    """The Plane lab's eigen case of ``a`` against NumPy, and the inspector's flag with it."""
    a = np.asarray(a, dtype=float)
    s = pow2_scale(np.abs(a).max())
    e = classify_2x2(a)
    assert numpy_case(a) in (e.case, None), (a, e.case)
    ours = e.eigenvalues.real / s + 1j * (e.eigenvalues.imag / s)  # (no complex ÷ tiny)
    ref = np.linalg.eigvals(a / s)  # NumPy at a safe scale: no underflow inside LAPACK
    bn = _balanced_fro(a / s)
    floor = 4 * math.ldexp(1.0, -1074) / s  # a subnormal result holds only a few digits
    near = (2e-7 * bn if e.case in ("repeated", "defective") else 1e-9 * bn) + floor
    for z in ref:  # each of NumPy's eigenvalues is one of ours, to rounding
        assert min(abs(z - y) for y in ours) <= near, (a, e, ref)
    tr = np.trace(a / s)
    (p, q), (r, t) = (a / s).tolist()
    det = float(Fraction(p) * Fraction(t) - Fraction(q) * Fraction(r))  # exact, rounded once
    big = float(np.max(np.abs(ours)))
    assert abs(ours.sum() - tr) <= 1e-14 * (big + abs(tr)) + 1e-15 * bn + 2 * floor
    if e.case in ("distinct", "complex"):  # λ₁λ₂ = det A, up to a λ snapped to 0
        assert abs(np.prod(ours) - det) <= 1e-15 * abs(det) + 1e-15 * bn * big + floor * big
    if e.case == "distinct":
        assert np.all(ours.imag == 0) and ours[0].real >= ours[1].real
        for lam, v in e.lines:  # each drawn line is an eigenvector for its drawn λ
            resid = (a / s) @ v - lam / s * v
            assert np.linalg.norm(resid) <= 1e-9 * bn + 1e-15 * np.linalg.norm(a / s) + floor
    elif e.case == "complex":
        assert ours[0] == np.conj(ours[1]) and ours[0].imag > 0
        assert min(abs(z.imag) for z in ref) > 0  # NumPy sees a complex pair too
    else:
        assert ours[0] == ours[1]
        assert abs(ref[0] - ref[1]) <= 4e-7 * bn  # the eigenvalues agree to working precision
        mu = ours[0].real
        n_fro = np.linalg.norm(a / s - mu * np.eye(2))
        if e.case == "repeated":
            assert n_fro <= 1e-12 * np.linalg.norm(a / s) and e.lines == []
        else:  # one eigen-direction, and A − μI is a (near) shear along it
            assert not analyze(a).symmetric  # the inspector never says both
            (lam, v), = e.lines
            resid = (a / s) @ v - mu * v
            assert np.linalg.norm(resid) <= 1e-12 * np.linalg.norm(a / s)
    return e


@settings(max_examples=300, deadline=None)
@given(arrays(np.float64, (2, 2), elements=entries), scales)
@example(np.array([[4.26014743e-250, 0.0], [1.0, 1e-300]]), 1e-08)  # ‖diagonal‖² underflows
def test_2x2_random_eigenvalues_are_numpys(a, scale):
    _check_2x2_against_numpy(a * scale)


@settings(max_examples=150, deadline=None)
@given(seeds, st.floats(-10, 10), st.floats(-14, -1), scales)
def test_2x2_near_repeated_eigenvalues_are_numpys(seed, mu, log_delta, scale):
    _check_2x2_against_numpy(_near_repeated(seed, mu, log_delta) * scale)


@settings(max_examples=300, deadline=None)
@given(seeds, st.integers(-18, -3), scales)
def test_2x2_near_defective_eigenvalues_are_numpys(seed, log_delta, scale):
    rng = np.random.default_rng(seed)
    a = _exact_jordan(rng)
    assert classify_2x2(a * scale).case in ("defective", "repeated")
    _check_2x2_against_numpy((a + 10.0 ** log_delta * rng.normal(size=(2, 2))) * scale)


# Entries of ordinary size, so that scaling them by 2^±27 stays exact (no subnormals).
moderate = st.one_of(st.just(0.0), st.floats(1e-6, 50), st.floats(-50, -1e-6))


@settings(max_examples=300, deadline=None)
@given(arrays(np.float64, (2, 2), elements=moderate), st.integers(-27, 27))
def test_2x2_badly_scaled_reads_as_its_balanced_self(a, k):
    """D·A·D⁻¹ with D = diag(2^k, 1) (entries from 1e-8 to 1e8 times A's): same eigenvalues,
    exactly, and the same case (a repeated A may show its shear once scaled)."""
    d = np.diag([math.ldexp(1.0, k), 1.0])
    scaled = d @ a @ np.diag([math.ldexp(1.0, -k), 1.0])
    e, e_scaled = classify_2x2(a), _check_2x2_against_numpy(scaled)
    np.testing.assert_array_equal(e.eigenvalues, e_scaled.eigenvalues)
    same = {e.case, e_scaled.case}
    assert len(same) == 1 or same == {"repeated", "defective"}


@settings(max_examples=300, deadline=None)
@given(seeds, st.integers(-18, -1), scales)
def test_2x2_nearly_singular_eigenvalues_are_numpys(seed, log_delta, scale):
    rng = np.random.default_rng(seed)
    u, v = rng.normal(size=2), rng.normal(size=2)
    a = np.outer(u, v) + 10.0 ** log_delta * rng.normal(size=(2, 2))
    _check_2x2_against_numpy(a * scale)


@pytest.mark.parametrize("a", [
    [[1, 1], [1e-300, 1]],  # parallel eigenvectors (1, ±1e-150): one direction
    [[0, 1], [1e-300, 0]],  # λ = ±1e-150 exactly, as NumPy finds after balancing
    [[1, 0], [0, 1e-20]],
    [[0.36, 0.48], [0.48, 0.64]],
    [[1e-20, 1], [0, 0]],
])
def test_2x2_edge_matrices_against_numpy(a):
    _check_2x2_against_numpy(a)


@pytest.mark.parametrize("k", [-27, -3, 0, 5, 27])
def test_balancing_undoes_a_diagonal_similarity(k):
    a = np.array([[1.0, 2, 0], [3, -1, 4], [0, 5, 2]])
    d = np.array([math.ldexp(1.0, k), 1.0, math.ldexp(1.0, -k)])
    b = balance(a * d[:, None] / d[None, :])
    off = np.abs(b[~np.eye(3, dtype=bool)])
    assert off.max() / off[off > 0].min() < 32  # back to the size of A's own entries
    np.testing.assert_allclose(np.sort_complex(np.linalg.eigvals(b)),
                               np.sort_complex(np.linalg.eigvals(a)), rtol=1e-12)
