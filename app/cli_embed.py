"""``linscope embed``: nearest words of a word or a query expression ("king - man + woman"),
and the PCA of a set of word vectors, headless. Without ``--vectors`` it reads the shipped
GloVe subset (20,000 words, 50 dimensions)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

import numpy as np

__all__ = ["add_embed_parser", "cmd_embed"]

METRICS = ("cosine", "euclidean", "dot")
MAX_K = 1000


def add_embed_parser(sub) -> None:
    """Add the ``embed`` sub-command to the sub-parsers ``sub``."""
    e = sub.add_parser("embed", help="nearest words of a word or expression (king - man + "
                       "woman), or the PCA of word vectors")
    e.add_argument("query", nargs="?", help='a word or an expression: "king - man + woman", '
                   '"2*good - bad"')
    e.add_argument("--vectors", metavar="FILE", help="word vectors: GloVe/word2vec text, "
                   "Projector vectors.tsv, .npy or .csv (default: the shipped GloVe subset)")
    e.add_argument("--labels", metavar="FILE", help="the labels of an .npy (or a Projector "
                   "metadata.tsv)")
    e.add_argument("--k", type=int, default=10, help="how many neighbours (default 10)")
    e.add_argument("--metric", choices=METRICS, default="cosine",
                   help="cosine (default), euclidean or dot, in the original space")
    e.add_argument("--keep-query", action="store_true",
                   help="let the query's own words appear among the neighbours")
    e.add_argument("--pca", type=int, metavar="N",
                   help="print the first N principal components' explained variance instead")
    e.add_argument("--json", action="store_true", help="print one JSON object")


class _Lookup(Mapping):
    """Word → vector over a set of embeddings, for :func:`models.embeddings.query.evaluate`."""

    def __init__(self, emb) -> None:
        self._emb = emb

    def __getitem__(self, word: str) -> np.ndarray:
        return self._emb.vectors[self._emb.index[word]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._emb.words)

    def __len__(self) -> int:
        return len(self._emb.words)


def _load(args, fail):
    from models.embeddings.data import Embeddings, load_shipped
    from models.embeddings.errors import EmbeddingFileError
    from models.embeddings.loaders import load_vectors

    if args.vectors is None:
        if args.labels is not None:
            fail("embed: --labels goes with --vectors")
        return load_shipped()
    try:
        words, vectors = load_vectors(args.vectors, args.labels)
        return Embeddings(tuple(words), vectors, args.vectors)
    except FileNotFoundError as err:
        fail(f"embed: no such file: {err.filename or args.vectors}")
    except (EmbeddingFileError, ValueError, OSError) as err:
        fail(f"embed: {getattr(err, 'strerror', None) or err}")


def _rows_of(terms, emb) -> list[int]:
    """The rows of the query's words (as written, else in lower case)."""
    rows = []
    for _coef, word in terms:
        row = emb.index.get(word, emb.index.get(word.lower()))
        if row is not None:
            rows.append(row)
    return rows


def _neighbours(args, emb, fail) -> int:
    from models.embeddings.query import QueryError, UnknownWord, evaluate, parse_query
    from models.embeddings.search import normalise, top_k

    if not 1 <= args.k <= MAX_K:
        fail(f"embed: --k must be between 1 and {MAX_K}")
    try:
        terms = parse_query(args.query)
        target = evaluate(terms, _Lookup(emb), args.metric)
    except QueryError as err:
        fail(f"embed: {args.query!r}: {err}")
    except UnknownWord as err:
        fail(f"embed: {err}")
    except ValueError as err:
        fail(f"embed: {err}")
    vectors = normalise(emb.vectors) if args.metric == "cosine" else emb.vectors
    exclude = None if args.keep_query else [set(_rows_of(terms, emb))]
    k = min(args.k, len(emb.words))
    idx, scores = top_k(vectors, target.astype(vectors.dtype), k, args.metric,
                        exclude=exclude)
    found = [(emb.words[int(i)], float(s)) for i, s in zip(idx, scores, strict=True) if i >= 0]
    if args.json:
        print(json.dumps({"query": args.query, "metric": args.metric,
                          "neighbors": [{"word": w, "score": s} for w, s in found]}))
        return 0
    what = "distance" if args.metric == "euclidean" else args.metric
    print(f"{args.query}  ({what}, {len(emb.words):,} words × {emb.dim} dims)")
    width = max((len(w) for w, _ in found), default=4)
    for n, (word, score) in enumerate(found, 1):
        print(f"{n:>3}. {word:<{width}}  {score:.4f}")
    return 0


def _pca(args, emb, fail) -> int:
    from models.embeddings.pca import pca

    n, d = emb.vectors.shape
    top = min(n, d)
    if not 1 <= args.pca <= top:
        fail(f"embed: --pca must be between 1 and {top} (the smaller of {n} words and "
             f"{d} dimensions)")
    result = pca(np.asarray(emb.vectors, dtype=np.float64), n_components=args.pca)
    ratio = [float(x) for x in result.explained_variance_ratio]
    sigma = [float(x) for x in result.singular_values]
    if args.json:
        print(json.dumps({"explained_variance_ratio": ratio, "singular_values": sigma,
                          "n": int(n), "dim": int(d)}))
        return 0
    print(f"PCA of {n:,} vectors × {d} dims (centred){'' if result.exact else ', approximate'}")
    cumulative = np.cumsum(ratio)
    for k, (r, s, c) in enumerate(zip(ratio, sigma, cumulative, strict=True), 1):
        print(f"PC{k:<3} σ = {s:10.4f}   {100 * r:6.2f} %   cumulative {100 * c:6.2f} %")
    return 0


def cmd_embed(args, fail) -> int:
    """Run ``linscope embed``; ``fail(message)`` ends with status 2."""
    if (args.query is None) == (args.pca is None):
        fail("embed: give either a QUERY (a word or an expression) or --pca N")
    emb = _load(args, fail)
    return _pca(args, emb, fail) if args.pca is not None else _neighbours(args, emb, fail)
