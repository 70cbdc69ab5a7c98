"""Opening a matrix for the Low-rank lab: every format gives the numbers written, as
read-only float32, and every bad file is refused with one sentence saying where."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from safetensors.numpy import save_file

from models.lowrank import files
from models.lowrank.files import (
    LUMA,
    MatrixFileError,
    image_matrix,
    is_image,
    list_tensors,
    read_matrix,
)


def _matrix(m=7, n=5, seed=0):
    return np.random.default_rng(seed).standard_normal((m, n)).astype(np.float32)


def _is_lab_ready(a: np.ndarray) -> bool:
    return (a.dtype == np.float32 and a.ndim == 2 and a.flags.c_contiguous
            and not a.flags.writeable)


def _refused(path, match, **kw) -> str:
    with pytest.raises(MatrixFileError, match=match) as err:
        read_matrix(path, **kw)
    text = str(err.value)
    assert text.startswith(path.name + ": ") and text.endswith(".") and "\n" not in text
    return text


# -- .npy ---------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16, np.int32, np.uint8,
                                   np.bool_])
def test_npy_of_any_real_dtype(tmp_path, dtype):
    x = (_matrix() * 10).astype(dtype)
    path = tmp_path / "m.npy"
    np.save(path, x)
    got = read_matrix(path)
    assert _is_lab_ready(got.matrix) and got.kind == "npy" and got.name == "m.npy"
    np.testing.assert_array_equal(got.matrix, x.astype(np.float32))


def test_npy_in_fortran_order_keeps_its_layout_of_values(tmp_path):
    x = np.asfortranarray(_matrix(4, 6).astype(np.float64))
    np.save(tmp_path / "f.npy", x)
    got = read_matrix(tmp_path / "f.npy").matrix
    assert got.flags.c_contiguous
    np.testing.assert_array_equal(got, x.astype(np.float32))


@pytest.mark.parametrize("channel", ["gray", "r", "g", "b"])
def test_npy_rgb_image_is_taken_through_its_channel(tmp_path, channel):
    pixels = np.random.default_rng(2).integers(0, 256, (5, 8, 3), dtype=np.uint8)
    np.save(tmp_path / "img.npy", pixels)
    got = read_matrix(tmp_path / "img.npy", channel=channel)
    np.testing.assert_allclose(got.matrix, _reference(pixels, channel), atol=1e-6)
    assert got.matrix.shape == (5, 8) and got.name.startswith("img.npy, ")


@pytest.mark.parametrize(("array", "match"), [
    (np.zeros(5), r"1-D array of shape \(5,\); a matrix is 2-D"),
    (np.zeros((2, 3, 5)), "3-D array of shape"),
    (np.zeros((0, 3)), r"empty array \(0 × 3\)"),
    (np.zeros((2, 2), complex), "complex128 values; a matrix needs real numbers"),
    (np.array([["a", "b"]]), "<U1 values"),
    (np.zeros(2, dtype=[("x", "f4"), ("y", "f4")]), "needs real numbers"),
])
def test_npy_that_is_no_matrix_is_refused(tmp_path, array, match):
    np.save(tmp_path / "bad.npy", array)
    _refused(tmp_path / "bad.npy", match)


def test_npy_of_objects_is_never_unpickled(tmp_path):
    np.save(tmp_path / "obj.npy", np.array([[1, None]], dtype=object), allow_pickle=True)
    _refused(tmp_path / "obj.npy", "Python objects .* never unpickled")


def test_npy_nan_and_overflow_are_named_by_row_and_column(tmp_path):
    x = np.ones((3, 4))
    x[1, 2] = np.nan
    np.save(tmp_path / "nan.npy", x)
    _refused(tmp_path / "nan.npy", "row 2, column 3 holds NaN")
    x[1, 2], x[2, 0] = 1.0, -1e300
    np.save(tmp_path / "big.npy", x)
    _refused(tmp_path / "big.npy", "row 3, column 1 holds -1e[+]300, beyond single precision")


def test_npy_truncated_or_not_npy(tmp_path):
    np.save(tmp_path / "t.npy", np.ones((100, 100)))
    data = (tmp_path / "t.npy").read_bytes()
    (tmp_path / "t.npy").write_bytes(data[:-8])
    _refused(tmp_path / "t.npy", "truncated: its header announces 80,000 bytes")
    (tmp_path / "x.npy").write_bytes(b"hello, world")
    _refused(tmp_path / "x.npy", "not an .npy file")


def test_too_many_numbers_are_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_ELEMENTS", 20)
    np.save(tmp_path / "m.npy", np.ones((5, 5)))
    _refused(tmp_path / "m.npy", r"25 numbers \(5 × 5\), more than the limit of 20")


def test_files_over_the_byte_limit_are_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    (tmp_path / "m.csv").write_text("1,2\n" * 40)
    _refused(tmp_path / "m.csv", "160 bytes, more than the limit of 100")


# -- text ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("delimiter", "suffix"), [(",", "csv"), (" ", "txt"), ("\t", "txt"),
                                                   (";", "csv")])
def test_text_round_trips(tmp_path, delimiter, suffix):
    x = _matrix(6, 4)
    path = tmp_path / f"m.{suffix}"
    np.savetxt(path, x, delimiter=delimiter, fmt="%.9g")
    got = read_matrix(path)
    assert _is_lab_ready(got.matrix) and got.kind == "text" and got.note == ""
    np.testing.assert_array_equal(got.matrix, x)


@settings(max_examples=40, deadline=None)
@given(arrays(np.float32, st.tuples(st.integers(1, 6), st.integers(1, 6)),
              elements=st.floats(width=32, allow_nan=False, allow_infinity=False)),
       st.sampled_from([",", " ", ";", "\t"]))
def test_any_finite_float32_matrix_round_trips_through_text(tmp_path_factory, x, sep):
    path = tmp_path_factory.mktemp("csv") / "m.csv"
    path.write_text("\n".join(sep.join(repr(float(v)) for v in row) for row in x) + "\n")
    got = read_matrix(path).matrix
    np.testing.assert_array_equal(got, x)


def test_csv_header_blank_lines_comments_and_bom_are_skipped(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("\ufeff# a comment\nx, y ,z\n\n1, 2, 3\r\n4,5,6e-1\n\n", encoding="utf-8")
    got = read_matrix(path)
    np.testing.assert_array_equal(got.matrix, np.float32([[1, 2, 3], [4, 5, 0.6]]))
    assert got.note == "a header row skipped"


@pytest.mark.parametrize(("text", "match"), [
    ("1,2,3\n4,5\n", "line 2 has 2 numbers but line 1 has 3"),
    ("a,b\n1,2\n3,x\n", r"line 3, field 2 is 'x', not a number"),
    ("1,2\n3,,4\n", "line 2, field 2 is empty"),
    ("1,2\n3,nan\n", "line 2, field 2 is nan; a matrix needs finite numbers"),
    ("1,2\n-inf,1\n", "line 2, field 1 is -inf"),
    ("1,2\n1e39,1\n", "line 2, field 1 is 1e39, beyond single precision"),
    ("1,2\n1_000,1\n", "line 2, field 1 is '1_000'"),
    ("1,2\n٣,1\n", "line 2, field 1 is '٣'"),
    ("a,b\nc,d\n", "line 2, field 1 is 'c', not a number"),
    ("# only a comment\n\n", "it holds no numbers"),
    ("1,2\n3,4\x00\n", "line 2 holds a NUL byte: this is not a text file"),
])
def test_malformed_text_names_its_line(tmp_path, text, match):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    _refused(path, match)


def test_binary_text_is_refused(tmp_path):
    path = tmp_path / "bin.txt"
    path.write_bytes(b"1 2\n\xff\xfe\x80 3\n")
    _refused(path, "line 2, byte 1 is not UTF-8")


def test_text_with_too_many_numbers_stops_early(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_ELEMENTS", 10)
    path = tmp_path / "big.txt"
    path.write_text("1 2 3 4\n" * 100)
    _refused(path, "line 3: |more than 10 numbers, the limit")


# -- safetensors --------------------------------------------------------------------------

def test_safetensors_with_one_matrix_opens_it(tmp_path):
    x = _matrix(6, 3)
    path = tmp_path / "one.safetensors"
    save_file({"bias": np.zeros(3, np.float32), "w": x.astype(np.float16)}, str(path))
    got = read_matrix(path)
    assert got.name == "one.safetensors · w (float16)" and got.kind == "safetensors"
    assert "float16 values widened" in got.note and _is_lab_ready(got.matrix)
    np.testing.assert_array_equal(got.matrix, x.astype(np.float16).astype(np.float32))


def test_safetensors_bfloat16_tensor(tmp_path):
    bits = np.random.default_rng(3).integers(0x3000, 0x4000, (4, 5)).astype("<u2")
    head = json.dumps({"h.0.attn.c_attn.weight": {"dtype": "BF16", "shape": [4, 5],
                                                  "data_offsets": [0, 40]}}).encode()
    path = tmp_path / "model.safetensors"
    path.write_bytes(struct.pack("<Q", len(head)) + head + bits.tobytes())
    got = read_matrix(path, tensor="h.0.attn.c_attn.weight")
    assert got.name == "model.safetensors · h.0.attn.c_attn.weight (bfloat16)"
    np.testing.assert_array_equal(got.matrix,
                                  (bits.astype(np.uint32) << 16).view(np.float32))


def test_safetensors_with_several_matrices_lists_them(tmp_path):
    path = tmp_path / "two.safetensors"
    save_file({"a": np.ones((2, 3), np.float32), "b": np.ones((4, 5), np.float32),
               "c": np.ones(3, np.float32)}, str(path))
    text = _refused(path, "holds 2 2-D tensors, choose one")
    assert "a (2 × 3, float32)" in text and "b (4 × 5, float32)" in text and "c (" not in text
    np.testing.assert_array_equal(read_matrix(path, tensor="b").matrix, np.ones((4, 5)))
    _refused(path, r"tensor 'c' has shape \(3\), not a matrix", tensor="c")
    _refused(path, "no tensor named 'z'; it holds a, b", tensor="z")
    assert [t.name for t in list_tensors(path)] == ["a", "b", "c"]


def test_safetensors_refusals(tmp_path, monkeypatch):
    path = tmp_path / "x.safetensors"
    save_file({"v": np.ones(3, np.float32)}, str(path))
    _refused(path, r"no 2-D tensor \(its tensors: v \(3, float32\)\)")
    save_file({"ids": np.ones((2, 2), np.int64)}, str(path))
    _refused(path, "tensor 'ids' holds int64 values")
    x = np.ones((2, 3), np.float32)
    x[1, 1] = np.inf
    save_file({"w": x}, str(path))
    _refused(path, "tensor 'w', row 2, column 2 holds inf")
    monkeypatch.setattr(files, "MAX_ELEMENTS", 5)
    _refused(path, "6 numbers")
    path.write_bytes(b"\x05\x00\x00\x00\x00\x00\x00\x00{oops")
    _refused(path, "header is not JSON")
    with pytest.raises(MatrixFileError, match="^x.safetensors: its header is not JSON"):
        list_tensors(path)


# -- images -------------------------------------------------------------------------------

def _reference(pixels, channel):
    p = pixels.astype(np.float64)
    if channel == "gray":
        return (LUMA[0] * p[..., 0] + LUMA[1] * p[..., 1] + LUMA[2] * p[..., 2]) / 255
    return p[..., "rgb".index(channel)] / 255


@pytest.mark.parametrize("channel", ["gray", "r", "g", "b"])
def test_image_matrix_is_luma_or_one_channel_scaled_to_one(channel):
    pixels = np.random.default_rng(4).integers(0, 256, (9, 6, 3), dtype=np.uint8)
    got = image_matrix(pixels, channel)
    assert got.dtype == np.float32 and got.shape == (9, 6)
    np.testing.assert_allclose(got, _reference(pixels, channel), atol=1e-6)
    assert 0 <= got.min() and got.max() <= 1


def test_white_is_one_and_grey_stays_grey():
    pixels = np.full((2, 2, 3), 255, np.uint8)
    np.testing.assert_allclose(image_matrix(pixels), 1.0, atol=1e-6)
    np.testing.assert_allclose(image_matrix(np.full((1, 1, 3), 51, np.uint8)), 0.2, atol=1e-6)


def test_images_go_through_the_callers_reader(tmp_path):
    pixels = np.random.default_rng(5).integers(0, 256, (4, 7, 3), dtype=np.uint8)
    seen = []

    def reader(path):
        seen.append(path)
        return pixels

    path = tmp_path / "photo.png"
    path.write_bytes(b"not decoded here")
    got = read_matrix(path, channel="g", image_reader=reader)
    assert seen == [path] and is_image(path) and got.kind == "image"
    assert got.name == "photo.png, green channel" and got.note.startswith("7 × 4 pixels")
    np.testing.assert_allclose(got.matrix, pixels[..., 1] / 255, atol=1e-7)
    assert read_matrix(path, image_reader=reader).name == "photo.png, grey (Rec. 709)"
    _refused(path, "unknown channel 'y'", channel="y", image_reader=reader)
    _refused(path, "needs an image reader")


def test_unknown_suffix_missing_empty_and_folder(tmp_path):
    (tmp_path / "m.pt").write_bytes(b"\x80\x02")
    _refused(tmp_path / "m.pt", r"\.pt is not a matrix format linscope reads")
    _refused(tmp_path / "none.npy", "there is no such file")
    (tmp_path / "e.csv").write_bytes(b"")
    _refused(tmp_path / "e.csv", "the file is empty")
    (tmp_path / "d.csv").mkdir()
    _refused(tmp_path / "d.csv", "it is not a file")
