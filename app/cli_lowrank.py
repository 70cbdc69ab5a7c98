"""``linscope lowrank``: the singular values of a matrix read from a file (an image, an
``.npy``, a CSV, a ``.safetensors`` tensor), what a rank-K approximation keeps and loses,
and, with ``-o``, the Low-rank lab's figure of it, headless."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

__all__ = ["ENERGY", "MAX_VALUES", "accuracy", "add_lowrank_parser", "cmd_lowrank",
           "decompose_for_cli", "summary"]

#: The default K keeps this fraction of the energy ‖A‖_F².
ENERGY = 0.90
#: The most singular values computed and printed (all of them up to this many).
MAX_VALUES = 4096
FIGURE_SUFFIXES = (".png", ".svg", ".pdf")


def add_lowrank_parser(sub) -> None:
    """Add the ``lowrank`` sub-command to the sub-parsers ``sub``."""
    from models.lowrank.files import CHANNELS

    lr = sub.add_parser("lowrank", help="singular values of a matrix file (image, .npy, CSV, "
                        ".safetensors tensor) and its best rank-K approximation")
    lr.add_argument("file", help="an image (PNG, JPEG, BMP…), .npy, .csv/.txt or .safetensors")
    lr.add_argument("--tensor", metavar="NAME", help="the tensor of a .safetensors file "
                    "(default: its only 2-D tensor)")
    lr.add_argument("--channel", metavar="|".join(CHANNELS), help="how an image becomes a "
                    "matrix: gray (Rec. 709 luma, the default) or one of r, g, b")
    lr.add_argument("--rank", type=int, metavar="K", help="the rank kept (default: the "
                    f"smallest that keeps {ENERGY:.0%} of the energy)")
    lr.add_argument("--json", action="store_true", help="print one JSON object")
    lr.add_argument("-o", "--output", metavar="OUT", help="also render the lab's figure at "
                    "rank K to OUT.png, OUT.svg or OUT.pdf")


def _read(args, fail):
    from models.lowrank.files import CHANNELS, MatrixFileError, is_image, read_matrix

    path = Path(args.file)
    suffix = path.suffix.lower()
    if args.channel is not None and args.channel not in CHANNELS:
        fail(f"lowrank: unknown --channel {args.channel!r}; choose gray, r, g or b")
    if args.tensor is not None and suffix != ".safetensors":
        fail(f"lowrank: --tensor is for .safetensors files, not {suffix or 'this file'}")
    if args.channel is not None and not (is_image(path) or suffix == ".npy"):
        fail(f"lowrank: --channel is for images, not {suffix or 'this file'}")
    reader = None
    if is_image(path):
        from app.image_pixels import read_pixels

        reader = read_pixels
    try:
        return read_matrix(path, tensor=args.tensor, channel=args.channel or "gray",
                           image_reader=reader)
    except MatrixFileError as err:
        fail(f"lowrank: {err}")
    except OSError as err:
        fail(f"lowrank: {path.name}: it cannot be read ({err.strerror or err})")


def decompose_for_cli(matrix: np.ndarray):
    """The full SVD when min(m, n) ≤ :data:`MAX_VALUES`, else its first MAX_VALUES values (a
    randomised SVD); on the backend ``--backend`` or ``$LINSCOPE_BACKEND`` chose."""
    from models.core.backend import select_backend
    from models.lowrank.decompose import decompose

    r = min(matrix.shape)
    return decompose(matrix, top=r if r <= MAX_VALUES else MAX_VALUES,
                     backend=select_backend())


def accuracy(dec) -> float:
    """A bound on each singular value's absolute error.

    A full float32 SVD is backward stable: each value is off by at most about
    p(m, n)·ε·σ₁ (ε = float32's epsilon), taken here with p = √max(m, n). A randomised SVD
    adds the bound of its missed part (:attr:`Decomposition.bound`).
    """
    if not len(dec.s):
        return 0.0
    rounding = math.sqrt(max(dec.shape)) * float(np.finfo(np.float32).eps) * float(dec.s[0])
    return rounding + float(dec.bound)


def _facts(dec, k: int) -> dict:
    from models.lowrank import spectrum as sp

    m, n = dec.shape
    r = dec.rank_max
    return {"shape": [m, n],
            "singular_values": [float(x) for x in dec.s[:MAX_VALUES]],
            "rank": k,
            "error_spectral": sp.error_spectral(dec.s, k, r),
            "error_frobenius": sp.error_frobenius(dec.s, dec.total, k, r),
            "energy": sp.energy_kept(dec.s, dec.total, k),
            "params_full": sp.params_full(m, n),
            "params_rank_k": sp.params_rank_k(m, n, k),
            "method": dec.method,
            "accuracy": accuracy(dec)}


def _rank(args, dec, fail) -> int:
    from models.lowrank.spectrum import rank_for_energy

    m, n = dec.shape
    r = dec.rank_max
    if args.rank is None:
        k = rank_for_energy(dec.s, dec.total, ENERGY)
        return dec.k_max if k is None else k
    if not 1 <= args.rank <= r:
        fail(f"lowrank: --rank {args.rank} is outside 1 … {r} (the smaller side of a "
             f"{m} × {n} matrix)")
    if args.rank > dec.k_max:
        fail(f"lowrank: --rank {args.rank}: only the first {len(dec.s)} singular values of "
             f"this {m} × {n} matrix are computed; choose K ≤ {dec.k_max}")
    return args.rank


def summary(name: str, facts: dict) -> str:
    """The facts as a few lines for people."""
    m, n = facts["shape"]
    k = facts["rank"]
    full, kept = facts["params_full"], facts["params_rank_k"]
    sigma = "0 (K = min(m, n))" if k >= min(m, n) else f"{facts['error_spectral']:.6g} (σ{k + 1})"
    return "\n".join([
        f"{name}: {m} × {n}, {facts['method']} (each σ within {facts['accuracy']:.2g})",
        f"σ₁ … σ₅: {', '.join(f'{s:.6g}' for s in facts['singular_values'][:5])}",
        f"rank K = {k} keeps {100 * facts['energy']:.2f} % of the energy ‖A‖_F²",
        f"error ‖A − A_K‖₂ = {sigma}, ‖A − A_K‖_F = {facts['error_frobenius']:.6g}",
        f"storage: {full:,} numbers in full, {kept:,} as {k} triplets (m + n + 1)·K "
        f"({full / kept:.3g}× {'smaller' if kept <= full else 'larger'})"])


def scene_for(path: Path, tensor: str | None, channel: str | None, k: int) -> dict:
    """The Low-rank lab's scene of a file at rank ``k``."""
    from models.core.scene import make_scene

    return make_scene("lowrank", {"source": "file", "path": str(Path(path).absolute()),
                                  "tensor": tensor or "", "channel": channel or "gray",
                                  "k": int(k)})


def _render(args, k: int, fail) -> Path:
    from app.export import ExportError
    from app.figure_spec import FigureSpec
    from app.render import RenderError, render_checked
    from app.scenes import check_scene
    from models.core.evented import SceneError

    out = Path(args.output)
    if out.suffix.lower() not in FIGURE_SUFFIXES:
        fail(f"lowrank: unknown figure format {out.suffix or '(none)'!r}; use "
             + ", ".join(FIGURE_SUFFIXES))
    if not out.absolute().parent.is_dir():
        fail(f"lowrank: folder {str(out.parent)!r} does not exist")
    try:
        checked = check_scene(scene_for(Path(args.file), args.tensor, args.channel, k))
        return render_checked(checked, out, FigureSpec())
    except (SceneError, RenderError, ExportError) as err:
        fail(f"lowrank: {err}")


def cmd_lowrank(args, fail) -> int:
    """Run ``linscope lowrank``; ``fail(message)`` ends with status 2 and one line."""
    if args.output is not None:  # refused before the work, not after it
        suffix = Path(args.output).suffix.lower()
        if suffix not in FIGURE_SUFFIXES:
            fail(f"lowrank: unknown figure format {suffix or '(none)'!r}; use "
                 + ", ".join(FIGURE_SUFFIXES))
    loaded = _read(args, fail)
    dec = decompose_for_cli(loaded.matrix)
    k = _rank(args, dec, fail)
    facts = _facts(dec, k)
    written = None if args.output is None else _render(args, k, fail)
    if args.json:
        print(json.dumps(facts))
    else:
        print(summary(loaded.name, facts))
        if written is not None:
            print(f"wrote {written}")
    return 0
