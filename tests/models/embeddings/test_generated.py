"""Generated teaching sets: seeded, and shaped as their docstrings say."""

from __future__ import annotations

import math

import numpy as np

from models.embeddings.generated import gaussian_clusters, noisy_plane, stretched_points


def test_stretched_points_are_seeded_and_exact():
    a = stretched_points(1000, 3.0, 30.0, seed=4)
    assert a.shape == (1000, 2)
    np.testing.assert_array_equal(a, stretched_points(1000, 3.0, 30.0, seed=4))
    t = math.radians(30)
    r = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    np.testing.assert_allclose(np.cov(a, rowvar=False), r @ np.diag([9.0, 1.0]) @ r.T,
                               atol=1e-9)
    loose = stretched_points(1000, 3.0, 30.0, seed=4, exact=False)
    assert abs(np.cov(loose, rowvar=False)[0, 0] - 7.0) < 1.0


def test_gaussian_clusters():
    x, labels, centres = gaussian_clusters(900, 8, 3, spread=0.5, seed=1)
    assert x.shape == (900, 8) and centres.shape == (3, 8)
    assert np.bincount(labels).tolist() == [300, 300, 300]
    for j in range(3):
        np.testing.assert_allclose(x[labels == j].mean(axis=0), centres[j], atol=0.15)
        assert abs((x[labels == j] - centres[j]).std() - 0.5) < 0.05


def test_noisy_plane_third_singular_value_is_the_noise():
    x, basis = noisy_plane(2000, noise=0.05, seed=2)
    np.testing.assert_allclose(basis @ basis.T, np.eye(3), atol=1e-12)
    s = np.linalg.svd(x - x.mean(axis=0), compute_uv=False) / math.sqrt(len(x) - 1)
    assert abs(s[2] - 0.05) < 0.005 and s[1] > 0.8
    normal = np.linalg.svd(x - x.mean(axis=0))[2][2]
    assert abs(abs(normal @ basis[2]) - 1) < 1e-3
