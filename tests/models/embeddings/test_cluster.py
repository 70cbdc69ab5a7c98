"""Average-linkage clustering: merge heights equal a brute-force recomputation, planted
groups stay contiguous in the leaf order, and the shipped words fall into their groups."""

import itertools

import numpy as np
import pytest

from models.embeddings.cluster import average_linkage, cosine_distances, leaf_order
from models.embeddings.data import load_shipped


def _planted(seed=0, per=(5, 7, 4), d=12, noise=0.08):
    rng = np.random.default_rng(seed)
    axes = np.linalg.qr(rng.standard_normal((d, 3)))[0].T  # three orthogonal directions
    rows, labels = [], []
    for g, m in enumerate(per):
        v = axes[g] + noise * rng.standard_normal((m, d))
        rows.append(v / np.linalg.norm(v, axis=1, keepdims=True))
        labels += [g] * m
    perm = rng.permutation(sum(per))  # shuffled, so the order is the clustering's work
    return np.vstack(rows)[perm], np.asarray(labels)[perm]


def _brute_force_heights(d):
    """Average linkage the slow way: the mean of all item pairs between two clusters."""
    clusters = [[i] for i in range(len(d))]
    heights = []
    while len(clusters) > 1:
        best = min(((np.mean([d[a, b] for a in p for b in q]), i, j)
                    for (i, p), (j, q) in itertools.combinations(enumerate(clusters), 2)),
                   key=lambda t: t[0])
        h, i, j = best
        heights.append(h)
        merged = clusters[i] + clusters[j]
        clusters = [c for k, c in enumerate(clusters) if k not in (i, j)] + [merged]
    return np.asarray(heights)


def _contiguous(labels_in_order):
    runs = [g for g, _ in itertools.groupby(labels_in_order)]
    return len(runs) == len(set(runs))


@pytest.mark.parametrize("seed", range(5))
def test_merge_heights_equal_a_brute_force_recomputation(seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((11, 6))
    d = cosine_distances(x)
    ref = 1 - (x / np.linalg.norm(x, axis=1, keepdims=True)) @ \
        (x / np.linalg.norm(x, axis=1, keepdims=True)).T
    np.testing.assert_allclose(d, np.clip(ref, 0, 2) * (1 - np.eye(11)), atol=1e-12)
    link = average_linkage(d)
    np.testing.assert_allclose(link.merges[:, 2], _brute_force_heights(d), rtol=1e-12)
    assert np.all(np.diff(link.merges[:, 2]) >= -1e-12)  # average linkage is monotone
    assert link.merges[-1, 3] == 11
    # every merge's height is the mean distance between the two children's leaves
    leaves = {i: [i] for i in range(11)}
    for step, (a, b, h, size) in enumerate(link.merges):
        la, lb = leaves[int(a)], leaves[int(b)]
        assert h == pytest.approx(np.mean(d[np.ix_(la, lb)]), rel=1e-12)
        leaves[11 + step] = la + lb
        assert len(la + lb) == size
    assert sorted(leaf_order(link)) == list(range(11))


@pytest.mark.parametrize("seed", range(5))
def test_planted_groups_are_contiguous_in_the_leaf_order(seed):
    x, labels = _planted(seed)
    order = leaf_order(average_linkage(cosine_distances(x)))
    assert sorted(order) == list(range(len(x)))
    assert _contiguous(labels[order])


def test_tiny_and_degenerate_inputs():
    assert leaf_order(average_linkage(np.zeros((0, 0)))) == []
    assert leaf_order(average_linkage(np.zeros((1, 1)))) == [0]
    d = cosine_distances(np.array([[1.0, 0.0], [0.0, 0.0], [2.0, 0.0]]))
    assert d[0, 1] == 1.0 and d[0, 2] == 0.0  # a zero vector is at distance 1 from all
    order = leaf_order(average_linkage(d))
    assert abs(order.index(0) - order.index(2)) == 1 and all(type(i) is int for i in order)
    with pytest.raises(ValueError):
        average_linkage(np.array([[0.0, np.nan], [np.nan, 0.0]]))


def test_the_shipped_words_fall_into_three_groups():
    emb = load_shipped()
    groups = {"cat": 0, "dog": 0, "horse": 0, "cow": 0, "car": 1, "truck": 1, "bus": 1,
              "train": 1, "apple": 2, "banana": 2, "orange": 2, "grape": 2}
    words = list(groups)
    x = np.array([emb.vector(w) for w in words], dtype=float)
    order = leaf_order(average_linkage(cosine_distances(x)))
    assert _contiguous([groups[words[i]] for i in order])
