"""``linscope lowrank``: singular values, both errors, energy and storage of a matrix file,
checked against NumPy on every file type; bad input ends with status 2 and one line."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
from PIL import Image
from safetensors.numpy import save_file

from app import cli_lowrank


def _low_rank(m, n, r, seed=0, noise=0.0):
    """An m × n float32 matrix of rank r with well separated values (plus optional noise)."""
    rng = np.random.default_rng(seed)
    u, _ = np.linalg.qr(rng.standard_normal((m, r)))
    v, _ = np.linalg.qr(rng.standard_normal((n, r)))
    s = np.geomspace(10, 1, r)
    a = (u * s) @ v.T + noise * rng.standard_normal((m, n))
    return a.astype(np.float32)


def _expected(a: np.ndarray, k: int) -> dict:
    """Everything the JSON says, from NumPy's SVD of the matrix itself (float64)."""
    a64 = a.astype(np.float64)
    u, s, vt = np.linalg.svd(a64, full_matrices=False)
    m, n = a.shape
    ak = (u[:, :k] * s[:k]) @ vt[:k]
    return {"shape": [m, n], "singular_values": s, "rank": k,
            "error_spectral": np.linalg.norm(a64 - ak, 2),
            "error_frobenius": np.linalg.norm(a64 - ak, "fro"),
            "energy": np.sum(s[:k] ** 2) / np.sum(a64 ** 2),
            "params_full": m * n, "params_rank_k": (m + n + 1) * k}


def _check(doc: dict, a: np.ndarray, k: int) -> None:
    want = _expected(a, k)
    assert doc["shape"] == want["shape"] and doc["rank"] == k
    s = np.array(doc["singular_values"])
    assert np.all(np.diff(s) <= 0) and len(s) == min(a.shape)
    np.testing.assert_allclose(s, want["singular_values"], atol=doc["accuracy"])
    scale = want["singular_values"][0]
    assert doc["error_spectral"] == pytest.approx(want["error_spectral"], abs=1e-5 * scale)
    assert doc["error_frobenius"] == pytest.approx(want["error_frobenius"], abs=1e-5 * scale)
    assert doc["energy"] == pytest.approx(want["energy"], abs=1e-6)
    assert 0 <= doc["energy"] <= 1
    assert (doc["params_full"], doc["params_rank_k"]) == (want["params_full"],
                                                          want["params_rank_k"])
    assert doc["method"] == "full SVD" and doc["accuracy"] > 0


def _json(cli, *argv):
    status, out, err = cli("lowrank", *argv, "--json")
    assert status == 0, err
    return json.loads(out)


def _one_line_failure(cli, *argv) -> str:
    status, out, err = cli("lowrank", *argv)
    assert status == 2 and out == ""
    assert err.startswith("linscope: lowrank: ") and err.count("\n") == 1
    return err


@pytest.mark.parametrize("k", [1, 3, 6, 40])
def test_npy_facts_match_numpy_for_each_k(cli, tmp_path, k):
    a = _low_rank(60, 40, 6, noise=1e-3)
    np.save(tmp_path / "a.npy", a)
    doc = _json(cli, str(tmp_path / "a.npy"), "--rank", str(k))
    _check(doc, a, k)
    if k == 40:  # K = min(m, n): nothing is lost
        assert doc["error_spectral"] == 0 and doc["error_frobenius"] == pytest.approx(0)
        assert doc["energy"] == pytest.approx(1)


def test_default_k_is_the_smallest_keeping_ninety_percent(cli, tmp_path):
    a = _low_rank(50, 30, 8, seed=1)
    np.save(tmp_path / "a.npy", a)
    doc = _json(cli, str(tmp_path / "a.npy"))
    s = np.linalg.svd(a.astype(np.float64), compute_uv=False)
    share = np.cumsum(s ** 2) / np.sum(s ** 2)
    k = int(np.argmax(share >= 0.9)) + 1
    assert doc["rank"] == k and share[k - 2] < 0.9 <= doc["energy"]
    _check(doc, a, k)


def test_csv_facts_match_numpy(cli, tmp_path):
    a = _low_rank(25, 12, 4, seed=2)
    np.savetxt(tmp_path / "a.csv", a, delimiter=",", fmt="%.9g", header="c" * 12,
               comments="")
    _check(_json(cli, str(tmp_path / "a.csv"), "--rank", "2"), a, 2)


def test_safetensors_tensor_facts_match_numpy(cli, tmp_path):
    a = _low_rank(20, 30, 5, seed=3)
    path = tmp_path / "m.safetensors"
    save_file({"h.0.mlp.weight": a, "h.0.attn.weight": a[:10], "bias": a[0]}, str(path))
    _check(_json(cli, str(path), "--tensor", "h.0.mlp.weight", "--rank", "3"), a, 3)
    err = _one_line_failure(cli, str(path))
    assert "holds 2 2-D tensors, choose one" in err
    assert "h.0.mlp.weight (20 × 30, float32)" in err and "h.0.attn.weight" in err
    assert "no tensor named 'nope'" in _one_line_failure(cli, str(path), "--tensor", "nope")


def test_bfloat16_tensor_is_the_only_matrix(cli, tmp_path):
    a = _low_rank(16, 24, 3, seed=4)
    bits = (a.view(np.uint32) >> 16).astype("<u2")  # truncated to bfloat16
    head = json.dumps({"w": {"dtype": "BF16", "shape": [16, 24],
                             "data_offsets": [0, bits.nbytes]}}).encode()
    path = tmp_path / "bf.safetensors"
    path.write_bytes(struct.pack("<Q", len(head)) + head + bits.tobytes())
    stored = (bits.astype(np.uint32) << 16).view(np.float32)
    _check(_json(cli, str(path), "--rank", "2"), stored, 2)


@pytest.mark.parametrize("channel", [None, "r", "g", "b"])
def test_image_channels_match_numpy(cli, tmp_path, channel):
    pixels = np.random.default_rng(5).integers(0, 256, (18, 26, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(tmp_path / "p.png")
    p = pixels.astype(np.float64)
    if channel is None:
        a = (0.2126 * p[..., 0] + 0.7152 * p[..., 1] + 0.0722 * p[..., 2]) / 255
    else:
        a = p[..., "rgb".index(channel)] / 255
    argv = [] if channel is None else ["--channel", channel]
    doc = _json(cli, str(tmp_path / "p.png"), "--rank", "4", *argv)
    want = _expected(a, 4)
    np.testing.assert_allclose(doc["singular_values"], want["singular_values"], atol=1e-4)
    assert doc["error_frobenius"] == pytest.approx(want["error_frobenius"], abs=1e-4)
    assert doc["energy"] == pytest.approx(want["energy"], abs=1e-6)


def test_human_summary(cli, tmp_path):
    a = _low_rank(30, 20, 3, seed=6)
    np.save(tmp_path / "a.npy", a)
    status, out, err = cli("lowrank", str(tmp_path / "a.npy"), "--rank", "2")
    assert status == 0, err
    assert out.startswith("a.npy: 30 × 20, full SVD")
    assert "rank K = 2 keeps" in out and "(σ3)" in out
    assert "storage: 600 numbers in full, 102 as 2 triplets" in out and "5.88× smaller" in out


def test_large_sides_keep_only_the_first_values(monkeypatch):
    monkeypatch.setattr(cli_lowrank, "MAX_VALUES", 8)
    a = _low_rank(40, 30, 5, seed=7, noise=1e-4)
    dec = cli_lowrank.decompose_for_cli(a)
    assert not dec.exact and len(dec.s) == 8
    facts = cli_lowrank._facts(dec, 3)
    s = np.linalg.svd(a.astype(np.float64), compute_uv=False)
    np.testing.assert_allclose(facts["singular_values"], s[:8], atol=facts["accuracy"])
    assert facts["method"].startswith("randomised SVD, first 8 of 30")
    assert facts["error_frobenius"] == pytest.approx(np.sqrt(np.sum(s[3:] ** 2)), rel=1e-3)


@pytest.mark.parametrize(("make", "argv", "message"), [
    (None, [], "gone.npy: there is no such file"),
    ("npy", ["--rank", "0"], r"--rank 0 is outside 1 … 4 \(the smaller side of a 6 × 4"),
    ("npy", ["--rank", "5"], "--rank 5 is outside 1 … 4"),
    ("npy", ["--tensor", "w"], "--tensor is for .safetensors files"),
    ("csv", ["--channel", "r"], "--channel is for images, not .csv"),
    ("png", ["--channel", "x"], "unknown --channel 'x'; choose gray, r, g or b"),
    ("csv-bad", [], "line 3 has 1 numbers but line 1 has 2"),
    ("png-bad", [], r"it cannot be read as an image \("),
    ("npy", ["-o", "out.jpg"], "unknown figure format '.jpg'"),
    ("pt", [], r"\.pt is not a matrix format"),
])
def test_bad_input_exits_2_with_one_line(cli, tmp_path, make, argv, message):
    path = tmp_path / "gone.npy"
    if make == "npy":
        path = tmp_path / "a.npy"
        np.save(path, _low_rank(6, 4, 2))
    elif make == "csv":
        path = tmp_path / "a.csv"
        path.write_text("1,2\n3,4\n")
    elif make == "csv-bad":
        path = tmp_path / "bad.csv"
        path.write_text("1,2\n3,4\n5\n")
    elif make == "png":
        path = tmp_path / "p.png"
        Image.fromarray(np.zeros((2, 2, 3), np.uint8)).save(path)
    elif make == "png-bad":
        path = tmp_path / "bad.png"
        path.write_bytes(b"GIF89a nonsense")
    elif make == "pt":
        path = tmp_path / "model.pt"
        path.write_bytes(b"\x80\x02}q\x00.")
    args = [str(path), *[str(tmp_path / a) if a == "out.jpg" else a for a in argv]]
    assert __import__("re").search(message, _one_line_failure(cli, *args))


def test_scene_of_a_file_is_the_labs(tmp_path):
    doc = cli_lowrank.scene_for(tmp_path / "a.npy", None, None, 7)
    assert doc["lab"] == "lowrank" and doc["version"] >= 1
    assert doc["model"] == {"source": "file", "path": str((tmp_path / "a.npy").absolute()),
                            "tensor": "", "channel": "gray", "k": 7}


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_figure_is_rendered_headless(cli, tmp_path, suffix):
    np.save(tmp_path / "a.npy", _low_rank(40, 30, 4, seed=8))
    out = tmp_path / f"fig{suffix}"
    status, stdout, err = cli("lowrank", str(tmp_path / "a.npy"), "--rank", "2", "-o",
                              str(out))
    assert status == 0, err
    assert f"wrote {out}" in stdout and out.stat().st_size > 0
    if suffix == ".png":
        from PySide6.QtGui import QImage

        image = QImage(str(out))
        assert not image.isNull() and image.width() > 100
    else:
        assert "<svg" in out.read_text(encoding="utf-8")
