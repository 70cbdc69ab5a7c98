"""PCA against NumPy's SVD and the covariance's eigenvalues; randomized, whitened, uncentred."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.embeddings.generated import stretched_points
from models.embeddings.pca import pca, project_on_axis
from models.linalg.signs import canonical_sign


def low_rank(n=2000, d=300, rank=6, noise=1e-4, seed=1):
    rng = np.random.default_rng(seed)
    scales = np.geomspace(50, 5, rank)
    a = (rng.standard_normal((n, rank)) * scales) @ np.linalg.qr(
        rng.standard_normal((d, rank)))[0].T
    return a + noise * rng.standard_normal((n, d)) + 3.0


@pytest.mark.parametrize("shape", [(500, 7), (7, 30), (60, 60), (3000, 50)])
def test_exact_pca_is_numpy_svd_and_covariance_eigenvalues(shape):
    x = np.random.default_rng(shape[0]).standard_normal(shape) @ np.diag(
        np.linspace(3, 0.5, shape[1])) + 2.0
    r = pca(x)
    xc = x - x.mean(axis=0)
    _, s, vt = np.linalg.svd(xc, full_matrices=False)
    assert r.exact and r.components.shape == vt.shape
    np.testing.assert_allclose(r.singular_values, s, rtol=1e-9, atol=1e-9 * s[0])
    n = shape[0]
    eig = np.linalg.eigh(np.cov(x, rowvar=False))[0][::-1][: s.size]
    np.testing.assert_allclose(r.explained_variance, s**2 / (n - 1), rtol=1e-9)
    np.testing.assert_allclose(r.explained_variance, eig, rtol=1e-7, atol=1e-9 * eig[0])
    for row, want in zip(r.components, vt, strict=True):
        assert canonical_sign(row) == 1.0
        np.testing.assert_allclose(row, canonical_sign(want) * want, atol=1e-7)
    np.testing.assert_allclose(r.coordinates, xc @ r.components.T, atol=1e-9)
    assert r.total_variance == pytest.approx(np.sum(xc**2) / (n - 1))
    np.testing.assert_allclose(r.cumulative[-1], 1.0)
    assert not r.mean.flags.writeable


def test_rank_deficient_tall_data_takes_the_plain_svd():
    x = np.random.default_rng(0).standard_normal((400, 3)) @ np.ones((3, 20))
    r = pca(x)
    assert r.singular_values[0] > 0 and np.all(r.singular_values[3:] < 1e-9 * r.singular_values[0])
    np.testing.assert_allclose(r.explained_variance_ratio[:3].sum(), 1.0)


def test_randomized_is_within_1e_6_of_exact_and_says_approximate():
    x = low_rank()
    exact, approx = pca(x, 6, method="exact"), pca(x, 6, method="randomized")
    assert exact.exact and not approx.exact
    np.testing.assert_allclose(approx.singular_values, exact.singular_values, rtol=1e-6)
    np.testing.assert_allclose(approx.components, exact.components, atol=1e-6)
    np.testing.assert_allclose(approx.explained_variance_ratio,
                               exact.explained_variance_ratio, rtol=1e-6)
    # Ratios divide by the exact total, so they add to less than 1 (the noise is left out).
    assert approx.total_variance == pytest.approx(exact.total_variance)
    assert approx.cumulative[-1] < 1.0
    again = pca(x, 6, method="randomized")
    np.testing.assert_array_equal(again.components, approx.components)  # seeded


def test_auto_takes_randomized_only_for_large_data_and_few_components():
    x = low_rank(n=34_000, d=300, rank=4, noise=1e-5)
    assert not pca(x, 4).exact
    assert pca(x[:500], 4).exact


def test_components_for_thresholds():
    x = np.random.default_rng(2).standard_normal((4000, 4)) * np.array([np.sqrt(90), 3, 2, 1])
    r = pca(x)
    ratio = r.explained_variance_ratio
    assert r.components_for(0.5) == 1
    for f in (0.90, 0.95, 0.99):
        m = r.components_for(f)
        assert r.cumulative[m - 1] >= f and (m == 1 or r.cumulative[m - 2] < f)
    assert r.components_for(1.0) == 4 and ratio[0] > ratio[1] > ratio[2] > ratio[3]
    assert pca(x, 1).components_for(0.99) is None
    with pytest.raises(ValueError):
        r.components_for(0)


def test_whitening_gives_unit_variance():
    r = pca(low_rank(n=500, d=20, rank=3, noise=0.1), whiten=True)
    np.testing.assert_allclose(r.coordinates.var(axis=0, ddof=1), 1.0, rtol=1e-9)
    assert r.whitened


def test_uncentred_pca_is_the_svd_of_the_raw_data():
    x = np.random.default_rng(3).standard_normal((200, 5)) + 4.0
    r = pca(x, centre=False)
    np.testing.assert_allclose(r.singular_values, np.linalg.svd(x, compute_uv=False))
    assert (r.mean == 0).all()
    assert abs(r.components[0] @ np.ones(5) / math.sqrt(5)) > 0.99  # the mean direction


def test_refusals():
    with pytest.raises(ValueError, match="NaN"):
        pca(np.array([[1.0, np.nan], [2, 3]]))
    with pytest.raises(ValueError, match="n_components"):
        pca(np.ones((5, 3)), 4)
    with pytest.raises(ValueError, match="method"):
        pca(np.ones((5, 3)), method="fast")
    r = pca(np.ones((5, 3)))  # no variance at all: zeros, not NaN
    assert np.all(r.explained_variance_ratio == 0)


@settings(max_examples=20, deadline=None)
@given(angle=st.floats(-179, 179), stretch=st.floats(1.5, 10), seed=st.integers(0, 999))
def test_stretched_points_first_axis_recovers_the_angle(angle, stretch, seed):
    r = pca(stretched_points(1000, stretch, angle, seed))
    got = math.degrees(math.atan2(r.components[0, 1], r.components[0, 0]))
    diff = (got - angle + 90) % 180 - 90  # an axis, not an arrow: modulo 180°
    assert abs(diff) < 1.0
    np.testing.assert_allclose(r.explained_variance, [stretch**2, 1.0], rtol=1e-9)


def test_project_on_axis():
    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    np.testing.assert_allclose(project_on_axis(x, [2, 0], [0, 0]), [1, 3])
    np.testing.assert_allclose(project_on_axis(x, [1, 1], [0, 0]),
                               x @ np.array([1, 1]) / math.sqrt(2))
    with pytest.raises(ValueError, match="no direction"):
        project_on_axis(x, [1, 1], [1, 1])
