"""``linscope embed``: neighbours and PCA from the command line, checked against NumPy."""

from __future__ import annotations

import json

import numpy as np
import pytest

from models.embeddings.data import load_shipped


@pytest.fixture(scope="module")
def glove():
    return load_shipped()


def _json(cli, *argv):
    status, out, err = cli("embed", *argv, "--json")
    assert status == 0, err
    return json.loads(out)


def _reference(emb, target, metric, k, exclude=()):
    """Plain NumPy: every score, sorted (ties by index)."""
    v = emb.vectors.astype(np.float64)
    if metric == "cosine":
        v = v / np.linalg.norm(v, axis=1, keepdims=True)
        target = target / np.linalg.norm(target)
        score = v @ target
    elif metric == "dot":
        score = v @ target
    else:
        score = -np.linalg.norm(v - target, axis=1)
    order = [i for i in np.lexsort((np.arange(len(score)), -score)) if i not in exclude]
    out = [(emb.words[i], float(score[i])) for i in order[:k]]
    return [(w, -s) for w, s in out] if metric == "euclidean" else out


def test_king_minus_man_plus_woman_is_queen(cli, glove):
    doc = _json(cli, "king - man + woman")
    assert doc["query"] == "king - man + woman" and doc["metric"] == "cosine"
    words = [n["word"] for n in doc["neighbors"]]
    assert words[0] == "queen" and len(words) == 10
    assert not {"king", "man", "woman"} & set(words)
    # 3CosAdd by hand: unit vectors combined, then cosine against every word.
    unit = {w: glove.vector(w) / np.linalg.norm(glove.vector(w)) for w in ("king", "man",
                                                                           "woman")}
    target = unit["king"] - unit["man"] + unit["woman"]
    ref = _reference(glove, target, "cosine", 10,
                     {glove.index[w] for w in ("king", "man", "woman")})
    assert words == [w for w, _ in ref]
    assert [n["score"] for n in doc["neighbors"]] == pytest.approx([s for _, s in ref],
                                                                    abs=1e-5)


@pytest.mark.parametrize("metric", ["cosine", "euclidean", "dot"])
def test_each_metric_matches_numpy_in_the_original_space(cli, glove, metric):
    doc = _json(cli, "cat", "--metric", metric, "--k", "7")
    ref = _reference(glove, glove.vector("cat").astype(np.float64), metric, 7,
                     {glove.index["cat"]})
    assert [n["word"] for n in doc["neighbors"]] == [w for w, _ in ref]
    scores = [n["score"] for n in doc["neighbors"]]
    assert scores == pytest.approx([s for _, s in ref], rel=1e-4, abs=1e-4)
    assert scores == sorted(scores, reverse=metric != "euclidean")


def test_keep_query_lets_the_word_itself_come_first(cli):
    doc = _json(cli, "cat", "--keep-query", "--k", "3")
    assert doc["neighbors"][0]["word"] == "cat"
    assert doc["neighbors"][0]["score"] == pytest.approx(1.0, abs=1e-5)


def test_pca_of_the_shipped_set_is_the_svd_of_the_centred_data(cli, glove):
    doc = _json(cli, "--pca", "5")
    x = glove.vectors.astype(np.float64)
    s = np.linalg.svd(x - x.mean(axis=0), compute_uv=False)
    assert (doc["n"], doc["dim"]) == (20000, 50)
    assert doc["singular_values"] == pytest.approx(s[:5], rel=1e-9)
    assert doc["explained_variance_ratio"] == pytest.approx(s[:5] ** 2 / np.sum(s ** 2),
                                                            rel=1e-9)


def test_a_persons_own_vectors_in_text_and_npy(cli, tmp_path):
    rng = np.random.default_rng(4)
    words = ["alpha", "beta", "gamma", "delta", "omega"]
    vectors = rng.normal(size=(5, 64))
    text = tmp_path / "v.txt"
    text.write_text("".join(f"{w} " + " ".join(repr(float(x)) for x in row) + "\n"
                            for w, row in zip(words, vectors, strict=True)), encoding="utf-8")
    np.save(tmp_path / "v.npy", vectors)
    (tmp_path / "labels.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    expected = [words[i] for i in np.argsort(-(unit @ unit[0]))[1:4]]
    for argv in (["--vectors", str(text)],
                 ["--vectors", str(tmp_path / "v.npy"), "--labels",
                  str(tmp_path / "labels.txt")]):
        doc = _json(cli, "alpha", "--k", "3", *argv)
        assert [n["word"] for n in doc["neighbors"]] == expected


@pytest.mark.parametrize(("argv", "words"), [
    (["kingg"], "unknown word 'kingg'"),
    (["king + * man"], "position"),
    (["king; rm -rf /"], "position"),
    (["__import__('os')"], "position"),
    (["king", "--pca", "3"], "either"),
    ([], "either"),
    (["cat", "--k", "0"], "--k"),
    (["--pca", "51"], "between 1 and 50"),
    (["cat", "--labels", "x.txt"], "--labels goes with --vectors"),
    (["cat", "--vectors", "/no/such/file.txt"], "no such file"),
])
def test_bad_input_exits_2_with_one_line(cli, argv, words):
    status, out, err = cli("embed", *argv)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err


def test_a_malformed_file_names_its_line(cli, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("a 1 2 3\nb 1 2\nc 1 2 3\n", encoding="utf-8")
    status, _out, err = cli("embed", "a", "--vectors", str(bad))
    assert status == 2 and "line 2" in err and len(err.strip().splitlines()) == 1


def test_unknown_word_suggests_close_spellings(cli):
    status, _out, err = cli("embed", "quen")
    assert status == 2 and "queen" in err
