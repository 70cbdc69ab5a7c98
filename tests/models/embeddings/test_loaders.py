"""Reading a person's own word vectors: every format round-trips exactly, and every malformed
file is refused with one sentence naming its 1-based line."""

from __future__ import annotations

import builtins
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.embeddings import loaders, textio
from models.embeddings.loaders import (
    EmbeddingFileError,
    EmbeddingTooLarge,
    LoadCancelled,
    load_embedding,
    load_vectors,
)


def _vectors(n=6, d=5, seed=0, dtype=np.float32):
    return np.random.default_rng(seed).standard_normal((n, d)).astype(dtype)


def _words(n):
    if n < 3:
        return [f"w{i}" for i in range(n)]
    return ["cat", "café", "日本", *map(str, range(n - 3))]


def _num(x) -> str:
    # repr of the value as a Python float: exact for float32 and float64 alike
    return repr(float(x))


def _write_text(path, words, vectors, header=False, sep=" "):
    lines = [f"{len(words)} {vectors.shape[1]}"] if header else []
    lines += [sep.join([w, *map(_num, v)]) for w, v in zip(words, vectors, strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _refused(path, match, line=None, **kwargs):
    with pytest.raises(EmbeddingFileError, match=match) as info:
        load_vectors(path, **kwargs)
    assert info.value.line == line
    return str(info.value)


# --- round trips ---------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".txt", ".vec", ".glove"])
@pytest.mark.parametrize("header", [False, True])
def test_text_round_trips_exactly(tmp_path, suffix, header):
    words, vectors = _words(6), _vectors()
    got_words, got = load_vectors(_write_text(tmp_path / f"v{suffix}", words, vectors, header))
    assert got_words == words
    assert got.dtype == np.float32 and got.flags.c_contiguous
    np.testing.assert_array_equal(got, vectors)


def test_text_keeps_float64_when_asked(tmp_path):
    vectors = _vectors(dtype=np.float64)
    _, got = load_vectors(_write_text(tmp_path / "v.txt", _words(6), vectors), dtype=np.float64)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, vectors)


def test_text_shortest_float32_strings_round_trip(tmp_path):
    vectors = _vectors(50, 8)
    lines = [" ".join([f"w{i}", *map(str, row)]) for i, row in enumerate(vectors)]
    (tmp_path / "v.txt").write_text("\r\n".join(lines) + "\r\n\n", encoding="utf-8-sig")
    np.testing.assert_array_equal(load_vectors(tmp_path / "v.txt")[1], vectors)


def test_two_whole_numbers_on_line_one_are_data_unless_they_fit_a_header(tmp_path):
    # "7 3" then "8 4": two labelled 1-D vectors, not a header announcing 3 dimensions
    (tmp_path / "a.txt").write_text("7 3\n8 4\n")
    words, got = load_vectors(tmp_path / "a.txt")
    assert words == ["7", "8"] and got.tolist() == [[3.0], [4.0]]
    # "2 1" then two 1-D rows: a header
    (tmp_path / "b.txt").write_text("2 1\ncat 0.5\ndog 2\n")
    words, got = load_vectors(tmp_path / "b.txt")
    assert words == ["cat", "dog"] and got.tolist() == [[0.5], [2.0]]


@pytest.mark.parametrize("header", [None, "word,a,b,c,d,e", ",0,1,2,3,4", "word,1,2,3,4,5"])
def test_csv_round_trips_with_and_without_header(tmp_path, header):
    words, vectors = [*_words(5), "a,b"], _vectors()
    rows = [",".join(['"a,b"' if w == "a,b" else w, *map(_num, v)])
            for w, v in zip(words, vectors, strict=True)]
    path = tmp_path / "v.csv"
    path.write_text("\n".join(([header] if header else []) + rows) + "\n", encoding="utf-8")
    got_words, got = load_vectors(path)
    assert got_words == words
    np.testing.assert_array_equal(got, vectors)


def _write_tsv(tmp_path, vectors, metadata, name="metadata.tsv"):
    rows = ["\t".join(map(_num, v)) for v in vectors]
    (tmp_path / "vectors.tsv").write_text("\n".join(rows) + "\n")
    (tmp_path / name).write_text(metadata, encoding="utf-8")
    return tmp_path / "vectors.tsv"


def test_projector_pair_with_one_column_has_no_header(tmp_path):
    words, vectors = _words(6), _vectors()
    path = _write_tsv(tmp_path, vectors, "\n".join(words) + "\n")
    got_words, got = load_vectors(path)
    assert got_words == words
    np.testing.assert_array_equal(got, vectors)


def test_projector_pair_with_several_columns_has_a_header(tmp_path):
    words, vectors = _words(6), _vectors()
    meta = "word\tkind\n" + "".join(f"{w}\tk{i}\n" for i, w in enumerate(words))
    path = _write_tsv(tmp_path, vectors, meta, name="labels.tsv")
    loaded = load_embedding(path, labels=tmp_path / "labels.tsv")
    assert loaded.words == words and loaded.fmt == "projector"
    assert loaded.columns == {"kind": [f"k{i}" for i in range(6)]}
    np.testing.assert_array_equal(loaded.vectors, vectors)


def test_projector_vectors_without_labels_are_refused(tmp_path):
    (tmp_path / "vectors.tsv").write_text("1\t2\n")
    _refused(tmp_path / "vectors.tsv", "needs its labels")


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16, np.int64, np.uint8])
def test_npy_round_trips_and_keeps_float64(tmp_path, dtype):
    vectors = (_vectors(dtype=np.float64) * 10).astype(dtype)
    np.save(tmp_path / "v.npy", vectors)
    words, got = load_vectors(tmp_path / "v.npy")
    assert words == [str(i) for i in range(6)]
    assert got.dtype == (np.float64 if dtype in (np.float64, np.int64) else np.float32)
    np.testing.assert_array_equal(got, vectors)


def test_npy_fortran_order_and_labels_file(tmp_path):
    vectors = np.asfortranarray(_vectors())
    np.save(tmp_path / "v.npy", vectors)
    (tmp_path / "labels.txt").write_text("\n".join(_words(6)) + "\n\n", encoding="utf-8")
    words, got = load_vectors(tmp_path / "v.npy", labels=tmp_path / "labels.txt")
    assert words == _words(6)
    np.testing.assert_array_equal(got, vectors)


@given(n=st.integers(1, 12), d=st.integers(1, 9), seed=st.integers(0, 2**16),
       fmt=st.sampled_from([".txt", ".csv", ".tsv", ".npy"]), header=st.booleans())
def test_every_format_round_trips(tmp_path_factory, n, d, seed, fmt, header):
    folder = tmp_path_factory.mktemp("rt")
    words, vectors = [f"t{i}" for i in range(n)], _vectors(n, d, seed)
    if fmt == ".txt":
        path = _write_text(folder / "v.txt", words, vectors, header)
    elif fmt == ".csv":
        path = _write_text(folder / "v.csv", words, vectors, sep=",")
    elif fmt == ".tsv":
        path = _write_tsv(folder, vectors, "\n".join(words) + "\n")
    else:
        np.save(folder / "v.npy", vectors)
        (folder / "l.txt").write_text("\n".join(words))
        path = folder / "v.npy"
    got_words, got = load_vectors(path, labels=folder / "l.txt" if fmt == ".npy" else None)
    assert got_words == words
    np.testing.assert_array_equal(got, vectors)


# --- malformed files -------------------------------------------------------------------------

def _lines(path, rows):
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _row(word, d, value="0.5"):
    return " ".join([word, *[value] * d])


def test_ragged_row_names_its_line(tmp_path):
    rows = [_row(f"w{i}", 50) for i in range(10)]
    rows[6] = _row("w6", 49)
    msg = _refused(_lines(tmp_path / "v.txt", rows), "line 7 has 49 numbers; the first row "
                   "had 50", 7)
    assert msg.startswith("v.txt: ")


def test_non_number_names_line_and_field(tmp_path):
    rows = [_row(f"w{i}", 20) for i in range(5)]
    rows[2] = rows[2].split(" ")
    rows[2][11] = "abc"
    rows[2] = " ".join(rows[2])
    _refused(_lines(tmp_path / "v.txt", rows), "line 3, field 12: 'abc' is not a number", 3)


@pytest.mark.parametrize("field", ["١٢", "1_000", "0x10", "1,5", "--1"])
def test_odd_numbers_are_refused(tmp_path, field):
    rows = [_row("a", 3), f"b 1 {field} 2"]
    _refused(_lines(tmp_path / "v.txt", rows), re.escape(f"line 2, field 3: {field!r}"), 2)


@pytest.mark.parametrize("value,shown", [("inf", "inf"), ("-Infinity", "-inf"), ("nan", "NaN")])
def test_nan_and_inf_are_refused(tmp_path, value, shown):
    rows = [_row(f"w{i}", 4) for i in range(12)]
    rows[8] = f"w8 1 2 {value} 4"
    _refused(_lines(tmp_path / "v.txt", rows), f"line 9, field 4 holds {shown}", 9)


def test_float32_overflow_is_refused(tmp_path):
    _refused(_lines(tmp_path / "v.txt", [_row("a", 2), "b 1e39 1"]),
             "line 2, field 2 holds 1e\\+39, beyond the range of float32", 2)


def test_repeated_label_names_both_lines(tmp_path):
    rows = [_row(f"w{i}", 3) for i in range(14)]
    rows[11] = _row("cat", 3)
    rows[3] = _row("cat", 3)
    _refused(_lines(tmp_path / "v.txt", rows), "line 12 repeats the label 'cat' of line 4", 12)


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".tsv"])
def test_empty_file(tmp_path, suffix):
    path = tmp_path / f"vectors{suffix}"
    path.write_text("\n  \n")
    (tmp_path / "metadata.tsv").write_text("a\n")
    _refused(path, "the file is empty")


def test_nul_bytes_and_invalid_utf8_are_not_text(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"cat 1 2\ndog\x00 1 2\n")
    _refused(tmp_path / "a.txt", "line 2 holds a NUL byte: this is not a text file", 2)
    (tmp_path / "b.vec").write_bytes(b"cat 1 2\ndog 1 2\n\xff\xfe 1 2\n")
    _refused(tmp_path / "b.vec", "line 3, byte 1 is not UTF-8: this is not a text file", 3)
    (tmp_path / "c.csv").write_bytes(bytes(range(256)) * 4)
    _refused(tmp_path / "c.csv", "not a text file", 1)


def test_an_endless_line_is_refused(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"cat" + b" 1" * 100_000)
    _refused(tmp_path / "a.txt", "line 1 is longer than", 1, max_dim=8)


def test_word2vec_header_must_agree(tmp_path):
    rows = [_row(f"w{i}", 3) for i in range(4)]
    _refused(_lines(tmp_path / "a.txt", ["5 3", *rows]),
             "the word2vec header on line 1 announces 5 vectors but the file holds 4", 1)
    _refused(_lines(tmp_path / "b.txt", ["3 3", *rows]),
             "line 5 is past the 3 vectors the word2vec header on line 1 announces", 5)
    _refused(_lines(tmp_path / "c.txt", ["4 4", *rows]),
             "line 2 has 3 numbers; the word2vec header on line 1 says 4", 2)
    _refused(_lines(tmp_path / "d.txt", ["4 3"]), "a word2vec header but no vectors", 1)


def test_csv_errors_name_lines(tmp_path):
    _refused(_lines(tmp_path / "a.csv", ["word,x,y", "a,1,2", "b,1"]),
             "line 3 has 1 number; the header on line 1 names 2", 3)
    _refused(_lines(tmp_path / "b.csv", ["a,1,2", "b,1,x"]), "line 2, field 3: 'x'", 2)
    _refused(_lines(tmp_path / "c.csv", ["a,1,2", ",1,2"]), "line 2 has an empty label", 2)
    _refused(_lines(tmp_path / "d.csv", ["a", "b"]), "the header on line 1 names no number", 1)


def test_projector_metadata_errors(tmp_path):
    vectors = _vectors(3, 2)
    path = _write_tsv(tmp_path, vectors, "a\nb\n")
    _refused(path, "metadata.tsv: it holds 2 labels but vectors.tsv holds 3 vectors")
    _write_tsv(tmp_path, vectors, "a\n\nb\nc\n")
    _refused(path, "metadata.tsv: line 2 holds no label", 2)
    _write_tsv(tmp_path, vectors, "w\tk\na\t1\nb\nc\t3\n")
    _refused(path, "metadata.tsv: line 3 has 1 column; the header row has 2", 3)
    _write_tsv(tmp_path, vectors, "a\nb\na\n")
    _refused(path, "line 3 repeats the label 'a' of line 1", 3)
    (tmp_path / "vectors.tsv").write_text("1\t2\n1\t2\t3\n")
    _refused(path, "vectors.tsv: line 2 has 3 numbers; the first row had 2", 2)


def test_npy_labels_must_match(tmp_path):
    np.save(tmp_path / "v.npy", _vectors(3, 2))
    (tmp_path / "l.txt").write_text("a\nb\n")
    _refused(tmp_path / "v.npy", "l.txt: it holds 2 labels but v.npy holds 3 vectors",
             labels=tmp_path / "l.txt")


@pytest.mark.parametrize("array,match", [
    (np.zeros((2, 3, 4)), "a 3-D array of shape \\(2, 3, 4\\)"),
    (np.zeros(5), "a 1-D array"),
    (np.zeros((0, 4)), "an empty array"),
    (np.zeros((2, 2), complex), "complex128 values"),
    (np.array([["a", "b"]]), "<U1 values|str32 values"),
    (np.zeros(3, [("x", "f4"), ("y", "f4")]), "structured array"),
])
def test_npy_that_is_not_2d_numbers_is_refused(tmp_path, array, match):
    np.save(tmp_path / "v.npy", array)
    _refused(tmp_path / "v.npy", match)


def test_npy_nan_names_row_and_column(tmp_path):
    vectors = _vectors(10, 4)
    vectors[8, 2] = np.nan
    np.save(tmp_path / "v.npy", vectors)
    with pytest.raises(EmbeddingFileError, match="row 9, column 3 holds NaN"):
        load_vectors(tmp_path / "v.npy")


_UNPICKLED = []


def _tripwire():
    _UNPICKLED.append(True)
    return "boom"


class _Canary:
    def __reduce__(self):
        return (_tripwire, ())


def test_pickled_object_npy_is_refused_without_unpickling(tmp_path):
    np.save(tmp_path / "v.npy", np.array([[_Canary(), 1.0]], dtype=object), allow_pickle=True)
    _refused(tmp_path / "v.npy", "Python objects \\(a pickled array\\), which are never "
             "unpickled")
    assert _UNPICKLED == []


def test_truncated_and_foreign_npy(tmp_path):
    np.save(tmp_path / "v.npy", _vectors(100, 10))
    data = (tmp_path / "v.npy").read_bytes()
    (tmp_path / "v.npy").write_bytes(data[:-7])
    _refused(tmp_path / "v.npy", "the file is truncated")
    (tmp_path / "w.npy").write_bytes(b"cat 1 2\n")
    _refused(tmp_path / "w.npy", "this is not an .npy file")


def test_oversized_file_is_refused_without_being_read(tmp_path, monkeypatch):
    path = _write_text(tmp_path / "v.txt", _words(6), _vectors())
    np.save(tmp_path / "v.npy", _vectors())

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(loaders, "DEFAULT_MAX_BYTES", 100)
    monkeypatch.setattr(builtins, "open", no_reading)
    monkeypatch.setattr(np, "load", no_reading)
    for p in (path, tmp_path / "v.npy"):
        with pytest.raises(EmbeddingTooLarge, match="more than the limit of 100"):
            load_vectors(p)
    with pytest.raises(EmbeddingTooLarge, match="limit of 99"):
        load_vectors(path, max_bytes=99)


def test_row_and_dimension_limits(tmp_path):
    path = _write_text(tmp_path / "v.txt", _words(6), _vectors())
    with pytest.raises(EmbeddingTooLarge, match="line 5 holds vector number 5, more than the "
                       "limit of 4"):
        load_vectors(path, max_rows=4)
    with pytest.raises(EmbeddingTooLarge, match="line 1 has 5 numbers, more than the limit of "
                       "3 dimensions"):
        load_vectors(path, max_dim=3)
    (tmp_path / "h.txt").write_text("9000000 3\n")
    with pytest.raises(EmbeddingTooLarge, match="announces 9,000,000 vectors"):
        load_vectors(tmp_path / "h.txt")
    np.save(tmp_path / "v.npy", _vectors(6, 5))
    with pytest.raises(EmbeddingTooLarge, match="6 vectors, more than the limit of 4"):
        load_vectors(tmp_path / "v.npy", max_rows=4)


def test_unknown_suffix_and_missing_file(tmp_path):
    _refused(tmp_path / "v.bin", "\\.bin is not a word-vector format")
    _refused(tmp_path / "v.txt", "there is no such file")


# --- progress and cancel ---------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".txt", ".csv", ".tsv", ".npy"])
def test_progress_is_monotone_and_ends_at_one(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(textio, "CHECK_EVERY", 16)
    monkeypatch.setattr(textio, "BLOCK_ROWS", 32)
    monkeypatch.setattr("models.embeddings.npyfile.BLOCK_NUMBERS", 64)
    words, vectors = [f"w{i}" for i in range(200)], _vectors(200, 4)
    if suffix == ".npy":
        np.save(tmp_path / "v.npy", vectors)
        path = tmp_path / "v.npy"
    elif suffix == ".tsv":
        path = _write_tsv(tmp_path, vectors, "\n".join(words))
    else:
        path = _write_text(tmp_path / f"v{suffix}", words, vectors, sep=" ,"[suffix == ".csv"])
    seen = []
    _, got = load_vectors(path, progress=seen.append)
    np.testing.assert_array_equal(got, vectors)
    assert len(seen) > 5 and seen == sorted(seen)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and all(0 <= f <= 1 for f in seen)


@pytest.mark.parametrize("suffix", [".txt", ".npy"])
def test_cancel_stops_the_load(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(textio, "CHECK_EVERY", 16)
    monkeypatch.setattr("models.embeddings.npyfile.BLOCK_NUMBERS", 64)
    vectors = _vectors(500, 4)
    if suffix == ".npy":
        np.save(tmp_path / "v.npy", vectors)
    else:
        _write_text(tmp_path / "v.txt", [f"w{i}" for i in range(500)], vectors)
    polls = []

    def cancelled():
        polls.append(1)
        return len(polls) > 3

    seen = []
    with pytest.raises(LoadCancelled):
        load_vectors(tmp_path / f"v{suffix}", progress=seen.append, cancelled=cancelled)
    assert len(polls) == 4 and seen and seen[-1] < 1.0


def test_a_header_announcing_more_than_the_file_can_hold(tmp_path):
    _refused(_lines(tmp_path / "a.txt", ["1000000 300", _row("a", 300)]),
             "announces 1,000,000 vectors of 300 numbers, more than the file's", 1)


def test_npy_with_projector_metadata_labels_and_empty_npy(tmp_path):
    np.save(tmp_path / "v.npy", _vectors(2, 3))
    (tmp_path / "meta.tsv").write_text("word\tkind\na\tx\nb\ty\n")
    assert load_vectors(tmp_path / "v.npy", labels=tmp_path / "meta.tsv")[0] == ["a", "b"]
    (tmp_path / "e.npy").write_bytes(b"")
    _refused(tmp_path / "e.npy", "the file is empty")


def test_long_lines_still_poll_cancel(tmp_path, monkeypatch):
    monkeypatch.setattr(textio, "CHECK_BYTES", 2000)
    _write_text(tmp_path / "v.txt", [f"w{i}" for i in range(40)], _vectors(40, 100))
    polls = []
    load_vectors(tmp_path / "v.txt", cancelled=lambda: polls.append(1) and False)
    assert len(polls) > 10
