"""Reading ``.safetensors`` files by hand: every readable dtype reaches float32 exactly as the
safetensors package wrote it (bfloat16 too, which NumPy lacks), only the chosen tensor's
bytes are read, and every malformed file is refused with one sentence saying what is wrong."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
from safetensors.numpy import save_file

from models.core import safetensors_file as stf
from models.core.safetensors_file import (
    SafetensorsError,
    TensorInfo,
    read_header,
    read_tensor,
    tensor_infos,
)


def _raw(path, header: dict, data: bytes, pad: bytes = b"") -> None:
    text = json.dumps(header).encode() + pad
    path.write_bytes(struct.pack("<Q", len(text)) + text + data)


def _bf16_bits(x: np.ndarray) -> np.ndarray:
    """Round float32 to bfloat16 (to nearest, ties to even), as its upper 16 bits."""
    bits = x.astype(np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def _write_bf16(path, tensors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A file of bfloat16 tensors built by hand; returns the exact values stored."""
    header, chunks, at, exact = {}, [], 0, {}
    for name, x in tensors.items():
        bits = _bf16_bits(x)
        data = bits.astype("<u2").tobytes()
        header[name] = {"dtype": "BF16", "shape": list(x.shape),
                        "data_offsets": [at, at + len(data)]}
        chunks.append(data)
        at += len(data)
        exact[name] = (bits.astype(np.uint32) << 16).view(np.float32).reshape(x.shape)
    _raw(path, {"__metadata__": {"format": "pt"}, **header}, b"".join(chunks))
    return exact


@pytest.fixture
def mixed(tmp_path):
    rng = np.random.default_rng(0)
    arrays = {"w32": rng.standard_normal((5, 7)).astype(np.float32),
              "w16": rng.standard_normal((3, 4)).astype(np.float16),
              "w64": rng.standard_normal((2, 3)),
              "bias": rng.standard_normal(4).astype(np.float32),
              "ids": np.arange(6, dtype=np.int64).reshape(2, 3)}
    path = tmp_path / "mixed.safetensors"
    save_file(arrays, str(path), metadata={"note": "test"})
    return path, arrays


def test_lists_every_tensor_with_its_dtype_and_shape(mixed):
    path, arrays = mixed
    infos = {t.name: t for t in tensor_infos(path)}
    assert set(infos) == set(arrays)
    assert (infos["w32"].dtype, infos["w32"].shape) == ("F32", (5, 7))
    assert (infos["w16"].dtype, infos["w16"].shape) == ("F16", (3, 4))
    assert (infos["bias"].ndim, infos["ids"].dtype) == (1, "I64")
    assert infos["w16"].describe() == "w16 (3 × 4, float16)"
    assert read_header(path).metadata == {"note": "test"}


@pytest.mark.parametrize("name", ["w32", "w16", "w64"])
def test_float_tensors_read_as_float32_equal_to_what_was_written(mixed, name):
    path, arrays = mixed
    got = read_tensor(path, name)
    assert got.dtype == np.float32 and got.shape == arrays[name].shape
    np.testing.assert_array_equal(got, arrays[name].astype(np.float32))


def test_bfloat16_widens_exactly(tmp_path):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((6, 9)).astype(np.float32) * 100
    x[0, :4] = [0.0, -0.0, 1e-40, 3.0e38]  # zero, negative zero, subnormal, near the top
    path = tmp_path / "bf.safetensors"
    exact = _write_bf16(path, {"layer.weight": x, "other": x[:2]})
    got = read_tensor(path, "layer.weight")
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, exact["layer.weight"])
    # bfloat16 keeps 8 significant bits (fewer for subnormals)
    np.testing.assert_allclose(got, x, rtol=2 ** -8, atol=1e-40)
    assert np.signbit(got[0, 1])
    info = tensor_infos(path)[0]
    assert info.dtype_name == "bfloat16"


def test_only_the_chosen_tensors_bytes_are_read(tmp_path, monkeypatch):
    path = tmp_path / "two.safetensors"
    save_file({"a": np.ones((64, 64), np.float32), "b": np.full((2, 2), 7, np.float32)},
              str(path))
    header = read_header(path)
    reads = []
    real_open = open

    class Spy:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def seek(self, at):
            return self.fh.seek(at)

        def readinto(self, buf):
            reads.append(len(buf))
            return self.fh.readinto(buf)

    monkeypatch.setattr(stf, "open", lambda p, mode: Spy(real_open(p, mode)), raising=False)
    np.testing.assert_array_equal(read_tensor(path, "b", header), np.full((2, 2), 7))
    assert reads == [16]


def test_other_dtypes_are_refused_by_name(mixed):
    path, _ = mixed
    with pytest.raises(SafetensorsError, match=r"^mixed\.safetensors: tensor 'ids' holds "
                       r"int64 values; only float16, bfloat16"):
        read_tensor(path, "ids")


def test_an_unknown_name_lists_some_that_exist(mixed):
    path, _ = mixed
    with pytest.raises(SafetensorsError, match="no tensor named 'nope'; it holds .*w32"):
        read_tensor(path, "nope")


def test_many_names_are_cut_short_in_the_message(tmp_path):
    path = tmp_path / "many.safetensors"
    save_file({f"t{i:02d}": np.zeros(1, np.float32) for i in range(20)}, str(path))
    with pytest.raises(SafetensorsError, match=r"… \(20 in all\)\.$"):
        read_tensor(path, "x")


def _header_bytes(doc) -> bytes:
    text = json.dumps(doc).encode()
    return struct.pack("<Q", len(text)) + text


GOOD = {"a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}


@pytest.mark.parametrize(("content", "message"), [
    (b"", "holds 0 bytes, too short"),
    (b"\x01\x02\x03", "holds 3 bytes, too short"),
    (struct.pack("<Q", 10**9) + b"{}", "more than the limit of 100,000,000"),
    (struct.pack("<Q", 500) + b"{}", "claims 500 bytes but the file holds only 2"),
    (struct.pack("<Q", 5) + b"{oops", "header is not JSON"),
    (struct.pack("<Q", 2) + b"\xff\xfe", "header is not JSON"),
    (_header_bytes([1, 2]), "not a JSON object"),
    (_header_bytes({"a": 3}), "tensor 'a' in the header is not an object"),
    (_header_bytes({"a": {"dtype": "F32", "shape": [2]}}), "has no 'data_offsets'"),
    (_header_bytes({"a": {"shape": [1], "data_offsets": [0, 4]}}) + bytes(4), "no 'dtype'"),
    (_header_bytes({"a": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}),
     "not a list of non-negative integers"),
    (_header_bytes({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0]}}),
     "not two integers"),
    (_header_bytes(GOOD) + bytes(8), r"bytes 0–16 of the data, outside its 8 bytes"),
    (_header_bytes({"a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 16]}})
     + bytes(16), r"needs 24 bytes but its offsets span 16"),
    (_header_bytes({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                    "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}})
     + bytes(12), "'a' and 'b' overlap"),
    (_header_bytes({"__metadata__": [1], **GOOD}) + bytes(16), "__metadata__ is not an object"),
    (struct.pack("<Q", 16) + b'{"a": 1, "a": 2}', "names 'a' twice"),
])
def test_malformed_files_are_refused_with_one_sentence(tmp_path, content, message):
    path = tmp_path / "bad.safetensors"
    path.write_bytes(content)
    with pytest.raises(SafetensorsError, match=message) as err:
        tensor_infos(path)
    text = str(err.value)
    assert text.startswith("bad.safetensors: ") and text.endswith(".")
    assert "\n" not in text


def test_padding_after_the_header_is_allowed_and_offsets_count_from_the_data(tmp_path):
    path = tmp_path / "pad.safetensors"
    values = np.arange(4, dtype="<f4")
    _raw(path, GOOD, values.tobytes(), pad=b"    ")
    np.testing.assert_array_equal(read_tensor(path, "a"), values.reshape(2, 2))


def test_a_scalar_and_an_empty_tensor_are_listed(tmp_path):
    path = tmp_path / "odd.safetensors"
    save_file({"s": np.array(3.0, np.float32), "e": np.zeros((0, 3), np.float32)},
              str(path))
    infos = {t.name: t for t in tensor_infos(path)}
    assert infos["s"].shape == () and infos["s"].describe() == "s (scalar, float32)"
    assert read_tensor(path, "s") == np.float32(3.0)
    assert read_tensor(path, "e").shape == (0, 3)


def test_float64_beyond_float32_becomes_inf(tmp_path):
    path = tmp_path / "big.safetensors"
    save_file({"x": np.array([[1e300, -1e300]])}, str(path))
    got = read_tensor(path, "x")
    assert np.isposinf(got[0, 0]) and np.isneginf(got[0, 1])


def test_tensor_info_is_a_plain_value():
    info = TensorInfo("w", "BF16", (3, 4))
    assert (info.size, info.ndim, info.dtype_name) == (12, 2, "bfloat16")
