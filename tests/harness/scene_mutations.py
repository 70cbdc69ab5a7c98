"""Damaged scene files, made from every preset's scene document.

:func:`mutations` lists :class:`Mutation` s of these kinds:

``truncate``     the file cut at a random point (and at the ends)
``wrong_type``   every field of every lab's model and view (nested), replaced by a value
                 of another type, removed, or given an unknown neighbour
``bad_entry``    typed entries no parser may accept (``sin(1e999)``, ``1e``, ``٣``…)
``non_finite``   ``NaN``, ``Infinity``, ``1e999`` literals in place of numbers
``huge``         huge arrays, strings and files (over the 4 MiB limit too)
``deep``         deep nesting of lists and objects
``bad_path``     the attention lab's ``.npy`` paths: another user's home, 300-character
                 components, 5000-character paths, relative paths, folders, devices, NUL
``bad_unicode``  lone surrogates as JSON escapes, invalid UTF-8 bytes, NUL, BOMs, UTF-16
``header``       unknown labs, formats and versions; a document that is not an object

The same seed gives the same list, so a failure is replayed by its kind and index.
:func:`~tests.harness.npy_fixtures.write_fixtures` makes the ``.npy`` files that relative
paths point at, next to the scene files.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from tests.harness.inputs import ENTRY_BAD
from tests.harness.npy_fixtures import bad_paths, write_fixtures

__all__ = ["KINDS", "Mutation", "PINNED", "base_documents", "mutations", "write_fixtures"]

KINDS = ("truncate", "wrong_type", "bad_entry", "non_finite", "huge", "deep", "bad_path",
         "bad_unicode", "header")

_RAW = "@@raw{}@@"  # stands for a raw JSON token that json.dumps cannot write
_MISSING = object()

WRONG_VALUES = (None, True, False, 0, -1, 2**64, 1.5, -1e308, "", "x", "1/0", [], {},
                [1, 2], {"a": 1}, [[1, 2], [3]], "🙂" * 3)
NON_FINITE = ("NaN", "Infinity", "-Infinity", "1e999", "-1e999", "-NaN")
BAD_UNICODE = ("\ud800", "\udfff", "\ud800 cat", "cat \udc00", "\u0000", "a\u0000b",
               "\ufffe", "\U0010ffff", "\u202e1\u202d")


@dataclass(frozen=True)
class Mutation:
    """One damaged scene file; its bytes are made on demand (thousands are listed, a
    sample is written)."""

    kind: str
    name: str  # what was done, for the report
    make: Callable[[], bytes]
    #: What must happen beyond "open or refuse cleanly": "open" (the file is good, e.g. a
    #: Q path relative to the scene's folder) or "refuse" (``render`` must exit 2: a Q
    #: holding NaN may not be drawn as an empty figure).
    expect: str | None = None
    #: Always in a sample: the cases that once crashed linscope, and those with an expect.
    pinned: bool = False

    @property
    def data(self) -> bytes:
        """The file's bytes."""
        return self.make()


def base_documents() -> list[tuple[str, dict, dict]]:
    """``(preset name, preset scene, full scene)`` for every preset.

    The full scene holds every field of the lab's model (as its ``to_dict`` writes it)
    and every view option, so mutating it reaches fields a preset leaves out.
    """
    from app.scenes import check_scene, preset_scene
    from models.core.presets import load_presets

    out = []
    for p in load_presets():
        doc = preset_scene(p)
        checked = check_scene(doc)
        model = checked.spec.model_class()(checked.state).to_dict()
        view = {t.key: t.default for t in checked.spec.view_class().TOGGLES}
        view.update(doc.get("view", {}))
        full = dict(doc, model=model, view=view)
        full.pop("preset", None)
        out.append((p.name, doc, full))
    return out


# -- making documents into bytes -------------------------------------------------------------
def _dump(doc, raw: dict[str, str] | None = None, ascii_only: bool = True) -> bytes:
    text = json.dumps(doc, ensure_ascii=ascii_only, indent=1)
    for marker, token in (raw or {}).items():
        text = text.replace(json.dumps(marker), token)
    return text.encode("utf-8", errors="surrogatepass")


def _paths(obj, at: tuple = ()) -> Iterator[tuple]:
    """Every path into ``obj`` (dict keys and list indices), parents before children."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield at + (k,)
            yield from _paths(v, at + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield at + (i,)
            yield from _paths(v, at + (i,))


def _get(obj, path):
    for p in path:
        obj = obj[p]
    return obj


def _with(doc, path, value):
    """A deep copy of ``doc`` with ``path`` set to ``value`` (or removed for _MISSING)."""
    out = json.loads(json.dumps(doc))
    parent = _get(out, path[:-1])
    if value is _MISSING:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return out


def _label(path) -> str:
    return "".join(f"[{p!r}]" if isinstance(p, int) else f".{p}" for p in path)


# -- the kinds -------------------------------------------------------------------------------
def _replaced(doc, path, value, raw=None, ascii_only=True) -> bytes:
    return _dump(_with(doc, path, value), raw, ascii_only)


def _cut(doc, cut: int) -> bytes:
    return _dump(doc)[:cut]


def _truncate(name, doc, rng) -> Iterator[Mutation]:
    size = len(_dump(doc))
    cuts = sorted({0, 1, size // 2, size - 2, size - 1, rng.randrange(size),
                   rng.randrange(size)})
    for cut in cuts:
        yield Mutation("truncate", f"{name} cut at byte {cut} of {size}", partial(_cut, doc, cut))


def _wrong_types(name, full, rng, every: bool) -> Iterator[Mutation]:
    for path in _paths(full):
        if path[0] in ("format", "version", "lab"):
            continue  # the header has its own kind
        now = _get(full, path)
        # A "wrong" value equal to the one there (false for false) would change nothing.
        others = [v for v in WRONG_VALUES if type(v) is not type(now) or v != now]
        values = others + [_MISSING] if every else [rng.choice(others)]
        for value in values:
            what = "removed" if value is _MISSING else f"= {json.dumps(value)[:40]}"
            yield Mutation("wrong_type", f"{name} {_label(path)} {what}",
                           partial(_replaced, full, path, value))
        if every and isinstance(_get(full, path), dict):
            yield Mutation("wrong_type", f"{name} {_label(path)} gains an unknown field",
                           partial(_replaced, full, path + ("no_such_field",), 1))


def _bad_entries(name, full, rng, every: bool) -> Iterator[Mutation]:
    strings = [p for p in _paths(full) if p[0] == "model" and isinstance(_get(full, p), str)]
    for path in strings:
        texts = ENTRY_BAD if every else rng.sample(ENTRY_BAD, 2)
        for text in [t for t in texts if t != _get(full, path)]:
            yield Mutation("bad_entry", f"{name} {_label(path)} = {text[:40]!r}",
                           partial(_replaced, full, path, text, None, False))


def _non_finite(name, full, rng, every: bool) -> Iterator[Mutation]:
    numbers = [p for p in _paths(full)
               if isinstance(_get(full, p), (int, float)) and not isinstance(_get(full, p), bool)]
    marker = _RAW.format(0)
    for path in numbers:
        tokens = NON_FINITE if every else [rng.choice(NON_FINITE)]
        for token in tokens:
            yield Mutation("non_finite", f"{name} {_label(path)} = {token}",
                           partial(_replaced, full, path, marker, {marker: token}))


def _padded(full) -> bytes:
    return _dump(full)[:-2] + b" " * (4 * 1024 * 1024) + b"}\n"


def _huge(name, full, rng) -> Iterator[Mutation]:
    key = rng.choice(sorted(full["model"]))
    big = {
        "a list of 300,000 numbers": [0.5] * 300_000,
        "a string of 1,000,000 characters": "1" * 1_000_000,
        "a 600x600 matrix of entries": [["1"] * 600] * 600,
        "a 65x65 matrix of entries": [["1"] * 65] * 65,
    }
    for what, value in big.items():
        yield Mutation("huge", f"{name} model.{key} = {what}",
                       partial(_replaced, full, ("model", key), value))
    yield Mutation("huge", f"{name} padded past 4 MiB", partial(_padded, full))


def _deep(name, full, rng) -> Iterator[Mutation]:
    key = rng.choice(sorted(full["model"]))
    marker = _RAW.format(1)
    for depth in (64, 1000, 100_000):
        for open_, close in (("[", "]"), ('{"a":', "}")):
            token = open_ * depth + "1" + close * depth
            yield Mutation("deep", f"{name} model.{key} nested {depth} deep in {open_}",
                           partial(_replaced, full, ("model", key), marker, {marker: token}))


def _with_path(full, key: str, bad: str) -> bytes:
    doc = json.loads(json.dumps(full))
    doc["model"].setdefault("large", {})[key] = bad
    doc["model"]["mode"] = "large"
    return _dump(doc)


def _paths_into_attention(name, full, folder: Path) -> Iterator[Mutation]:
    for key in ("q_path", "k_path"):
        for bad in bad_paths(folder):
            size = f" ({len(bad)} chars)" if len(bad) > 60 else ""
            expect = ("open" if (key, bad) == ("q_path", "q.npy") else
                      "refuse" if bad == "nan.npy" else None)
            yield Mutation("bad_path", f"{name} model.large.{key} = {bad[:60]!r}{size}",
                           partial(_with_path, full, key, bad), expect)


def _spliced(full, at: int, junk: bytes) -> bytes:
    data = _dump(full, ascii_only=False)
    at = min(at, len(data))
    return data[:at] + junk + data[at:]


def _encoded(doc, encoding: str, prefix: bytes = b"") -> bytes:
    return prefix + json.dumps(doc, ensure_ascii=False).encode(encoding)


def _bad_unicode(name, full, rng) -> Iterator[Mutation]:
    strings = [p for p in _paths(full) if isinstance(_get(full, p), str)]
    for path in strings:
        bad = rng.choice(BAD_UNICODE)
        yield Mutation("bad_unicode", f"{name} {_label(path)} = {bad!r}",
                       partial(_replaced, full, path, bad))
    yield Mutation("bad_unicode", f"{name} model gains the key '\\ud800'",
                   partial(_replaced, full, ("model", "\ud800"), 1))
    size = len(_dump(full, ascii_only=False))
    for k in range(3):
        at = rng.randrange(size)
        junk = rng.choice((b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x80\x80", b"\x00"))
        yield Mutation("bad_unicode", f"{name} bytes {junk!r} at byte {at} ({k})",
                       partial(_spliced, full, at, junk))
    yield Mutation("bad_unicode", f"{name} with a UTF-8 BOM",
                   partial(_encoded, full, "utf-8", b"\xef\xbb\xbf"))
    yield Mutation("bad_unicode", f"{name} in UTF-16", partial(_encoded, full, "utf-16"))
    yield Mutation("bad_unicode", f"{name} in Latin-1 with a non-ASCII name",
                   partial(_encoded, dict(full, note="café ü"), "latin-1"))


def _twice(full) -> bytes:
    return _dump(full) + _dump(full)


def _commented(full) -> bytes:
    return b"// scene\n" + _dump(full)


_HEADER_VALUES = (
    ("lab", ("nolab", "", "Plane", "plane ", "PLANE", "../plane", "\ud800", 1, None,
             ["plane"])),
    ("version", (0, 2, 999, -1, "1", 1.0, True, None, 2**70, 1.5)),
    ("format", ("linscope-scene2", "", None, 1, "LINSCOPE-SCENE")),
    ("model", (None, [], "x", 1)),
    ("view", (None, [], "x", {"grid": "yes"}, {"no_such_option": True}, {"grid": 1})),
)


def _header(name, full) -> Iterator[Mutation]:
    for key, values in _HEADER_VALUES:
        for value in values:
            yield Mutation("header", f"{name} {key} = {json.dumps(value)}",
                           partial(_replaced, full, (key,), value))
        yield Mutation("header", f"{name} {key} removed",
                       partial(_replaced, full, (key,), _MISSING))
    for other in ([], [full], "scene", 1, None, True):
        yield Mutation("header", f"{name} as {json.dumps(other)[:30]}", partial(_dump, other))
    yield Mutation("header", f"{name} twice in one file", partial(_twice, full))
    yield Mutation("header", f"{name} with a comment", partial(_commented, full))


#: Names (beginnings) of the mutations every sample tries: each once broke "open or refuse".
PINNED = (
    "attention-large-4096 model.large.q_path = '~nosuchuser/q.npy'",
    "attention-large-4096 model.large.k_path = 'qqqqqqqqqq",
    "attention-large-4096 model.large.q_path = '/dddddddddd",
    "attention-small .model.sentence = '\\ud800 cat'",
    "identity .model.entries[0][0] = 'sin(1e999)'",
    "identity .model.entries[0][1] = 'cos(1e308*10)'",
    "identity .model.entries[1][0] = '1e'",
    "identity .model.entries[1][1] = '٣'",
    # A probe vector x far out of range passes validation and breaks the 2D canvases.
    "identity .model.x[0] = -1e+308",
    "identity .model.x[0] = 18446744073709551616",
    "norms-unit-balls .model.x[0] = -1e+308",
    "svd-symmetric .model.x[0] = -1e+308",
)


def _pin(m: Mutation) -> Mutation:
    if m.expect is not None or m.name.startswith(PINNED):
        return replace(m, pinned=True)
    return m


def mutations(folder: Path, seed: int = 0) -> list[Mutation]:
    """Every mutation of every preset, in a fixed order (a few thousand).

    Each lab's first preset gets every kind with every value; the other presets of a lab
    share its fields, so they get truncations, Unicode damage and one value per field.

    Parameters
    ----------
    folder : Path
        Where the scene files will be written (relative ``.npy`` paths point there).
    seed : int
        Seeds the choices inside the kinds (cut points, which value for which field).
    """
    rng = random.Random(seed)
    seen_labs: set[str] = set()
    out: list[Mutation] = []
    for name, doc, full in base_documents():
        first = full["lab"] not in seen_labs
        seen_labs.add(full["lab"])
        out += _truncate(name, doc, rng)
        out += _wrong_types(name, full, rng, first)
        out += _bad_entries(name, full, rng, first)
        out += _non_finite(name, full, rng, first)
        out += _bad_unicode(name, full, rng)
        if first:
            out += _huge(name, full, rng)
            out += _deep(name, full, rng)
            out += _header(name, full)
        if full["lab"] == "attention" and (first or full["model"].get("mode") == "large"):
            out += _paths_into_attention(name, full, folder)
        if full["lab"] == "attention" and first:
            out.append(Mutation("bad_unicode", f"{name} .model.sentence = '\\ud800 cat'",
                                partial(_replaced, full, ("model", "sentence"), "\ud800 cat")))
    return [_pin(m) for m in out]
