"""The decomposition, the rank-k matrices and the spectrum's facts, against NumPy."""

import numpy as np
import pytest

from models.lowrank import spectrum as sp
from models.lowrank.decompose import Recomposer, decompose, frobenius_norm, spectral_norm


def _known_rank(m, n, r, noise=0.0, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((m, r)) @ rng.standard_normal((r, n))
    return (a + noise * rng.standard_normal((m, n))).astype(np.float32)


@pytest.mark.parametrize("shape", [(40, 60), (60, 40), (1, 5), (7, 7)])
def test_full_svd_values_match_numpy(shape):
    a = np.random.default_rng(1).standard_normal(shape).astype(np.float32)
    d = decompose(a)
    ref = np.linalg.svd(a.astype(np.float64), compute_uv=False)
    assert d.exact and d.bound == 0 and d.k_max == min(shape)
    np.testing.assert_allclose(d.s, ref, rtol=1e-5, atol=1e-5)
    assert d.total == pytest.approx(float(np.sum(a.astype(np.float64) ** 2)), rel=1e-9)


def test_a_matrix_of_rank_r_has_r_nonzero_values():
    a = _known_rank(80, 50, 4)
    s = decompose(a).s
    assert np.all(s[:4] > 1.0)
    assert np.all(s[4:] < 1e-4 * s[0])


def test_lora_update_ba_has_exactly_r_nonzero_values():
    rng = np.random.default_rng(3)
    b, a = rng.standard_normal((64, 8)), rng.standard_normal((8, 96))
    s = decompose((b @ a).astype(np.float32)).s
    assert np.count_nonzero(s > 1e-4 * s[0]) == 8


def test_randomised_values_lie_within_their_bound():
    a = _known_rank(300, 200, 10, noise=0.05, seed=2)
    d = decompose(a, top=20)
    ref = np.linalg.svd(a.astype(np.float64), compute_uv=False)[:20]
    assert not d.exact and len(d.s) == 20 and d.k_max == 19
    assert np.all(np.abs(d.s - ref) <= d.bound + 1e-5)
    assert "randomised SVD, first 20 of 200" in d.method
    # The total energy is the matrix's own, so energy fractions stay exact.
    assert d.total == pytest.approx(float(np.sum(a.astype(np.float64) ** 2)), rel=1e-9)


def test_asking_for_as_many_values_as_the_rank_gives_the_full_svd():
    a = _known_rank(30, 20, 3)
    assert decompose(a, top=19).exact


@pytest.mark.parametrize("bad", [np.zeros((0, 3)), np.zeros(4)])
def test_not_a_matrix_is_refused(bad):
    with pytest.raises(ValueError, match="two non-empty dimensions"):
        decompose(bad)


def test_errors_both_ways_match_numpy_on_a_rank_5_matrix_plus_noise():
    a = _known_rank(120, 90, 5, noise=0.01, seed=4)
    d = decompose(a)
    u, s, vt = np.linalg.svd(a.astype(np.float64), full_matrices=False)
    rec = Recomposer(d)
    for k in (1, 3, 5, 6, 40, 89, 90):
        ak = (u[:, :k] * s[:k]) @ vt[:k]
        np.testing.assert_allclose(rec.at(k), ak, atol=2e-4)
        e = a - rec.at(k)
        ref2 = np.linalg.norm(a - ak, 2) if k < 90 else 0.0
        ref_f = np.linalg.norm(a - ak, "fro")
        assert sp.error_spectral(d.s, k, 90) == pytest.approx(ref2, rel=1e-4, abs=1e-4)
        assert sp.error_frobenius(d.s, d.total, k, 90) == pytest.approx(ref_f, rel=1e-4,
                                                                         abs=1e-4)
        assert spectral_norm(e) == pytest.approx(ref2, rel=1e-3, abs=1e-3)
        assert frobenius_norm(e) == pytest.approx(ref_f, rel=1e-3, abs=1e-3)
        energy = float(np.sum(s[:k] ** 2) / np.sum(s ** 2))
        assert sp.energy_kept(d.s, d.total, k) == pytest.approx(energy, rel=1e-5)


def test_recomposer_stays_exact_after_many_small_steps():
    a = _known_rank(64, 48, 30, seed=5)
    d = decompose(a)
    rec = Recomposer(d)
    rng = np.random.default_rng(0)
    k = 10
    for _ in range(300):
        k = int(np.clip(k + rng.integers(-2, 3), 0, 48))
        rec.at(k)
    u, s, vt = np.linalg.svd(a.astype(np.float64), full_matrices=False)
    np.testing.assert_allclose(rec.at(k), (u[:, :k] * s[:k]) @ vt[:k], atol=1e-3)
    assert not rec.at(k).flags.writeable


def test_power_iteration_norm_of_a_large_error_matches_lapack():
    a = _known_rank(400, 300, 6, noise=0.1, seed=6)
    d = decompose(a)
    for k in (3, 6, 30):
        e = a - Recomposer(d).at(k)
        ref = np.linalg.norm(e.astype(np.float64), 2)
        assert spectral_norm(e, d.vt[k]) == pytest.approx(ref, rel=1e-4)
        assert spectral_norm(e) == pytest.approx(ref, rel=1e-9)


def test_spectral_error_not_computed_is_said():
    with pytest.raises(ValueError, match="σ6 was not computed"):
        sp.error_spectral(np.array([3.0, 2, 1, 0.5, 0.2]), 5, 100)


def test_storage_and_lora_counts():
    assert sp.params_full(512, 512) == 262144
    assert sp.params_rank_k(512, 512, 20) == 20 * 1025
    assert sp.lora_params(4096, 4096, 8) == (4096 * 4096, 8192 * 8)
    assert sp.compression_ratio(100, 100, 1) == pytest.approx(10000 / 201)


def test_rank_for_energy_is_the_smallest_k_reaching_it():
    s = np.array([4.0, 2.0, 1.0, 0.5])
    total = float(np.sum(s ** 2))
    for f in (0.5, 0.9, 0.95, 0.99, 1.0):
        brute = next(k for k in range(1, 5) if np.sum(s[:k] ** 2) / total >= f - 1e-12)
        assert sp.rank_for_energy(s, total, f) == brute
    assert sp.rank_for_energy(s[:2], total, 0.99) is None  # not reached by the values known
    with pytest.raises(ValueError):
        sp.rank_for_energy(s, total, 0)
