"""The Embeddings lab model: neighbours and PCA facts equal plain NumPy, refusals keep the
state, scenes round-trip, one ``changed`` per edit."""

import numpy as np
import pytest

from models.core.evented import SceneError
from models.embeddings.data import load_shipped
from models.embeddings.model import SHOWN_BUDGET, EmbeddingsModel, EmbeddingsState


@pytest.fixture(scope="module")
def glove():
    return load_shipped()


def _reference_cosine(emb, target, k, exclude):
    v = emb.vectors.astype(np.float64)
    u = v / np.linalg.norm(v, axis=1, keepdims=True)
    scores = u @ (target / np.linalg.norm(target))
    scores[list(exclude)] = -np.inf
    order = np.argsort(-scores, kind="stable")[:k]
    return [emb.words[i] for i in order], scores[order]


def test_neighbours_of_a_word_equal_numpy_on_the_shipped_set(glove):
    m = EmbeddingsModel()
    m.update(selected="cat", k=12)
    words, scores = _reference_cosine(glove, glove.vector("cat").astype(float), 12,
                                      {glove.index["cat"]})
    assert [w for w, _, _ in m.neighbours] == words
    np.testing.assert_allclose([s for _, s, _ in m.neighbours], scores, rtol=1e-5)


def test_analogy_query_finds_queen_and_is_drawn(glove):
    m = EmbeddingsModel()
    m.update(query="king - man + woman")
    assert m.neighbours[0][0] == "queen"
    v = glove.vectors.astype(np.float64)
    target = sum(c * v[glove.index[w]] / np.linalg.norm(v[glove.index[w]])
                 for c, w in ((1, "king"), (-1, "man"), (1, "woman")))
    words, _ = _reference_cosine(glove, target, 10,
                                 {glove.index[w] for w in ("king", "man", "woman")})
    assert [w for w, _, _ in m.neighbours] == words
    assert m.query_point is not None and m.query_point.shape == (2,)
    # every neighbour and query word is among the drawn points, beyond the budget
    drawn = set(m.shown_words)
    assert {"king", "man", "woman"} | set(words) <= drawn
    assert SHOWN_BUDGET <= len(m.shown) < SHOWN_BUDGET + 20


@pytest.mark.parametrize("metric", ["euclidean", "dot"])
def test_other_metrics_equal_numpy(glove, metric):
    m = EmbeddingsModel()
    m.update(selected="paris", metric=metric, k=5)
    v = glove.vectors.astype(np.float64)
    t = v[glove.index["paris"]]
    key = -np.linalg.norm(v - t, axis=1) if metric == "euclidean" else v @ t
    key[glove.index["paris"]] = -np.inf
    order = np.argsort(-key, kind="stable")[:5]
    assert [w for w, _, _ in m.neighbours] == [glove.words[i] for i in order]


def test_pca_facts_equal_the_svd_of_the_centred_data(glove):
    m = EmbeddingsModel()
    x = glove.vectors.astype(np.float64)
    xc = x - x.mean(axis=0)
    s = np.linalg.svd(xc, compute_uv=False)
    f = m.facts
    np.testing.assert_allclose(f.singular_values, s, rtol=1e-6)
    np.testing.assert_allclose(f.eigenvalues, s**2 / (len(x) - 1), rtol=1e-6)
    np.testing.assert_allclose(f.ratios, s**2 / np.sum(s**2), rtol=1e-6)
    np.testing.assert_allclose(f.cumulative[-1], 1.0)
    c = np.cumsum(s**2) / np.sum(s**2)
    assert f.for_fraction[0.9] == int(np.argmax(c >= 0.9)) + 1
    # the drawn coordinates are the centred vectors on the first two axes
    np.testing.assert_allclose(m.coords2, xc[m.shown] @ f.components[:2].T, atol=1e-5)


def test_pca_finds_the_stretch():
    m = EmbeddingsModel(EmbeddingsState(source="stretched", stretch=3.0, angle_deg=30.0))
    axis = m.facts.components[0]
    np.testing.assert_allclose(abs(axis @ [np.cos(np.pi / 6), np.sin(np.pi / 6)]), 1.0)
    np.testing.assert_allclose(m.facts.eigenvalues, [9.0, 1.0])
    assert m.coords3 is None and m.coords2.shape == (1000, 2)
    # a 2-D set is drawn in its own plane, centred
    x = m.vset.vectors
    np.testing.assert_allclose(m.coords2, x - x.mean(axis=0))


def test_cosine_facts_and_similarity_matrix(glove):
    m = EmbeddingsModel()
    m.update(similarity_words=["cat", "dog", "car"])
    assert m.cosine.cos == pytest.approx(0.92, abs=0.01)
    assert sorted(m.similarity_order) == ["car", "cat", "dog"]
    sim = m.similarity
    np.testing.assert_allclose(np.diag(sim), 1.0, atol=1e-6)
    i, j = m.similarity_order.index("cat"), m.similarity_order.index("car")
    assert sim[i, j] == pytest.approx(0.36, abs=0.02)


@pytest.mark.parametrize("bad", [
    {"selected": "kingg"}, {"query": "king -"}, {"query": "king - qqqzzz"}, {"k": 0},
    {"k": 1000}, {"metric": "manhattan"}, {"axis_words": "he"}, {"axis_words": "he,he"},
    {"similarity_words": ["cat"] * 65}, {"source": "mars"}, {"stretch": 0.5},
])
def test_refusals_keep_the_state(bad):
    m = EmbeddingsModel()
    m.update(selected="cat")
    before, calls = m.state, []
    m.changed.connect(calls.append)
    with pytest.raises(ValueError):
        m.update(**bad)
    assert m.state is before and calls == []


def test_unknown_word_names_close_spellings():
    with pytest.raises(ValueError, match="did you mean.*king"):
        EmbeddingsModel().update(selected="kingg")


def test_one_changed_per_edit_and_a_new_set_clears_the_words():
    m = EmbeddingsModel()
    calls = []
    m.changed.connect(calls.append)
    m.update(selected="cat", k=5)
    m.update(source="clusters")
    assert len(calls) == 2
    assert m.state.selected == "" and m.neighbours == []


def test_scene_round_trip_keeps_typed_texts():
    m = EmbeddingsModel()
    m.update(query="2*good - bad", axis_words="he, she", similarity_words="cat dog",
             metric="dot", k=7, whiten=True)
    data = m.to_dict()
    assert data["query"] == "2*good - bad"
    assert EmbeddingsModel.state_from_dict(data) == m.state
    with pytest.raises(SceneError):
        EmbeddingsModel.state_from_dict({"k": "ten"})
    with pytest.raises(SceneError):
        EmbeddingsModel.state_from_dict({"selected": "kingg"})
    with pytest.raises(SceneError):
        EmbeddingsModel.state_from_dict({"colour": 1})


_TWELVE = ["cat", "dog", "horse", "cow", "car", "truck", "bus", "train", "apple", "banana",
           "orange", "grape"]


def _groups(order):
    group = {w: i // 4 for i, w in enumerate(_TWELVE)}
    runs = [g for g, _ in __import__("itertools").groupby(group[w] for w in order)]
    return runs


def test_similarity_order_by_clustering_pca_or_as_typed(glove):
    m = EmbeddingsModel(EmbeddingsState(similarity_words=tuple(_TWELVE)))
    assert m.state.order == "cluster"
    assert sorted(_groups(m.similarity_order)) == [0, 1, 2]  # three contiguous groups
    # the matrix is in that order
    rows = [glove.index[w] for w in m.similarity_order]
    u = glove.vectors[rows].astype(float)
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    np.testing.assert_allclose(m.similarity, u @ u.T, atol=1e-5)
    m.update(order="typed")
    assert m.similarity_order == _TWELVE
    m.update(order="pca")
    x = glove.vectors.astype(np.float64)
    pc1 = (x[[glove.index[w] for w in _TWELVE]] - x.mean(axis=0)) @ m.facts.components[0]
    assert m.similarity_order == [_TWELVE[i] for i in np.argsort(pc1, kind="stable")]
    with pytest.raises(ValueError):
        m.update(order="random")
    assert m.state.order == "pca"


@pytest.mark.parametrize("kind", ["query", "selected"])
def test_keep_query_lets_the_asked_words_be_neighbours(glove, kind):
    m = EmbeddingsModel()
    if kind == "query":
        m.update(query="king - man + woman", keep_query=True, k=10)
        asked = ("king", "man", "woman")
        v = glove.vectors.astype(np.float64)
        target = sum(c * v[glove.index[w]] / np.linalg.norm(v[glove.index[w]])
                     for c, w in ((1, "king"), (-1, "man"), (1, "woman")))
    else:
        m.update(selected="cat", keep_query=True, k=10)
        asked = ("cat",)
        target = glove.vectors[glove.index["cat"]].astype(np.float64)
    words, scores = _reference_cosine(glove, target, 10, set())
    assert [w for w, _, _ in m.neighbours] == words
    np.testing.assert_allclose([s for _, s, _ in m.neighbours], scores, rtol=1e-5)
    assert set(asked) & set(words)
    m.update(keep_query=False)
    assert not set(asked) & {w for w, _, _ in m.neighbours}


def test_generator_parameters_shape_the_sets_and_round_trip():
    m = EmbeddingsModel(EmbeddingsState(source="clusters", n=300))
    m.update(clusters=4, dim=6, spread=0.5)
    from models.embeddings.generated import gaussian_clusters, noisy_plane
    ref = gaussian_clusters(300, 6, 4, spread=0.5, seed=0)[0]
    np.testing.assert_allclose(m.vset.vectors, ref)
    assert len(m.facts.ratios) == 6
    data = m.to_dict()
    assert (data["clusters"], data["dim"], data["spread"]) == (4, 6, 0.5)
    assert EmbeddingsModel.state_from_dict(data) == m.state
    m.update(source="plane", noise=0.3)
    np.testing.assert_allclose(m.vset.vectors, noisy_plane(300, noise=0.3, seed=0)[0])
    assert EmbeddingsModel.state_from_dict(m.to_dict()) == m.state
    with pytest.raises(SceneError):
        EmbeddingsModel.state_from_dict({"noise": "lots"})
    with pytest.raises(SceneError):
        EmbeddingsModel.state_from_dict({"clusters": 0})


@pytest.mark.parametrize("bad", [
    {"clusters": 0}, {"clusters": 11}, {"clusters": 2.5}, {"dim": 1}, {"dim": 101},
    {"spread": -0.1}, {"spread": 11.0}, {"noise": -1.0}, {"noise": 6.0}, {"noise": "x"},
    {"keep_query": "yes"}, {"order": "alphabet"}, {"n": 3, "clusters": 5},
])
def test_generator_refusals_keep_the_state_with_a_message(bad):
    m = EmbeddingsModel(EmbeddingsState(source="clusters", n=200))
    before, calls = m.state, []
    m.changed.connect(calls.append)
    with pytest.raises(ValueError, match=r"\w+"):
        m.update(**bad)
    assert m.state is before and calls == []
