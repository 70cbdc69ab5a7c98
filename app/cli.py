"""The ``linscope`` command: the GUI (``--lab``, ``--preset``), ``present`` for a deck, and
the headless ``inspect``, ``render`` (a scene, a preset or a whole deck), ``embed`` (word
neighbours and PCA), ``lowrank`` (a matrix file's singular values and best rank-K
approximation), ``model-attention`` (every head's attention of a local GPT-2, BERT or Llama
model folder on a text), ``presets`` and ``bench`` commands. Bad input ends with status 2 and
one clear line on stderr."""

from __future__ import annotations

import argparse
import json
import sys

from app.inspect_text import facts_table

__all__ = ["main", "version"]

COMMANDS = ("inspect", "render", "embed", "lowrank", "model-attention", "presets", "bench",
            "present")


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and status 2."""

    def error(self, message: str):
        _fail(f"{self.prog}: {message}")


def _fail(message: str, status: int = 2):
    message = " ".join(message.splitlines())  # one line, whatever the message quotes
    print(f"linscope: {message}" if not message.startswith("linscope") else message,
          file=sys.stderr)
    raise SystemExit(status)


def _cmd_inspect(args) -> int:
    from models.core.expr import EntryError, parse_matrix
    from models.linalg.matrix_facts import analyze

    try:
        _texts, values = parse_matrix(args.matrix)
    except EntryError as err:
        _fail(f"bad matrix: {err}")
    facts = analyze(values)
    if args.json:
        print(json.dumps(facts.to_json()))
    else:
        print(facts_table(facts))
    return 0


def _cmd_presets(_args) -> int:
    from models.core.presets import load_presets

    for p in load_presets():
        print(f"{p.name}  {p.description}")
    return 0


def _cmd_render(args) -> int:
    from app.cli_render import cmd_render

    return cmd_render(args, _fail, _is_deck, _render_deck)


def _is_deck(path: str) -> bool:
    """Whether ``path`` holds a deck (its "format" says so); anything else is a scene."""
    import json as _json
    from pathlib import Path

    try:
        p = Path(path)
        if not p.is_file() or p.stat().st_size > 64 * 1024 * 1024:
            return False
        doc = _json.loads(p.read_bytes())
    except (OSError, ValueError, RecursionError):
        return False  # the scene reader says what is wrong with it
    return isinstance(doc, dict) and doc.get("format") == "linscope-deck"


def _load_deck_or_fail(command: str, path: str):
    from app.deck_files import check_slides, load_deck
    from models.core.evented import SceneError

    try:
        deck = load_deck(path)
        return deck, check_slides(deck, _folder_of(path))
    except SceneError as err:
        _fail(f"{command}: {path}: {err}")


def _folder_of(path: str):
    from pathlib import Path

    return Path(path).absolute().parent


def _render_deck(args, out) -> int:
    from app.export import ExportError
    from app.render import RenderError, render_deck
    from models.deck.deck import default_title

    if out.suffix.lower() != ".pdf":
        _fail(f"render: a deck renders to one PDF, a page per slide; use -o NAME.pdf "
              f"(not {out.suffix or 'no suffix'})")
    if not out.parent.is_dir():
        _fail(f"render: folder {str(out.parent)!r} does not exist")
    deck, checked = _load_deck_or_fail("render", args.scene)
    titles = [s.title or default_title(s.scene, n) for n, s in enumerate(deck.slides, 1)]
    from app.cli_render import _spec

    width, height = _spec(args, _fail).layout_px()
    try:
        path = render_deck(checked, titles, out, width, height)
    except (ExportError, RenderError) as err:
        _fail(f"render: {err}")
    print(f"wrote {path} ({len(checked)} pages)")
    return 0


def _cmd_present(args) -> int:
    _load_deck_or_fail("present", args.deck)  # refused here, before any window opens
    from app.gui import run_gui

    return run_gui(deck=args.deck, present=True)


def version() -> str:
    """linscope's version: the installed distribution's, else the source tree's."""
    from importlib import metadata

    try:
        return metadata.version("linscope")
    except metadata.PackageNotFoundError:
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
        try:
            return tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]
        except (OSError, KeyError, ValueError):
            return "unknown"


def _cmd_embed(args) -> int:
    from app.cli_embed import cmd_embed

    return cmd_embed(args, _fail)


def _cmd_lowrank(args) -> int:
    from app.cli_lowrank import cmd_lowrank

    return cmd_lowrank(args, _fail)


def _cmd_model_attention(args) -> int:
    from app.cli_model_attention import cmd_model_attention

    return cmd_model_attention(args, _fail)


def _cmd_bench(args) -> int:
    from bench.run import run_bench

    return run_bench(args)


def _build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="linscope", description="A desktop lab for seeing linear algebra move.")
    p.add_argument("--version", action="version", version=f"linscope {version()}")
    p.add_argument("--backend", choices=("numpy", "cupy", "auto"), default=None,
                   help="array backend for heavy work (default: $LINSCOPE_BACKEND or auto)")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    i = sub.add_parser("inspect", help="facts about a matrix: det, rank, eigenvalues, SVD, norms")
    i.add_argument("matrix", help='e.g. "[[2,1],[1,2]]" or "2 1; 1 2" (entries like 3/4, sqrt(2))')
    i.add_argument("--json", action="store_true", help="print one JSON object")
    from app.cli_embed import add_embed_parser
    from app.cli_lowrank import add_lowrank_parser
    from app.cli_model_attention import add_model_attention_parser
    from app.cli_render import add_render_parser

    add_render_parser(sub)
    add_embed_parser(sub)
    add_lowrank_parser(sub)
    add_model_attention_parser(sub)
    sub.add_parser("presets", help="list the presets: a name, then a description")
    pr = sub.add_parser("present", help="open a deck and present it (next/previous slide)")
    pr.add_argument("deck", help="a deck file (.json)")
    b = sub.add_parser("bench", help="measure the heavy paths and print the figures")
    b.add_argument("--backend", dest="bench_backend", choices=("numpy", "cupy", "auto"),
                   default=None)
    b.add_argument("--json", action="store_true", help="print one JSON object")
    b.add_argument("--quick", action="store_true", help="fewer repeats, smaller cases")
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``linscope`` console script and ``python -m app``."""
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (``linscope presets | head``): not an error of ours.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _build_parser()
    gui_args = argv
    if not any(a in COMMANDS for a in argv[:3]):
        gp = _Parser(prog="linscope", description="Open the linscope window.",
                     epilog="Commands: " + ", ".join(COMMANDS) + " (linscope COMMAND -h)")
        gp.add_argument("scene", nargs="?", help="a scene or deck file (.json) to open")
        gp.add_argument("--backend", choices=("numpy", "cupy", "auto"), default=None)
        gp.add_argument("--lab", help="the lab to open: " + ", ".join(_lab_ids()))
        gp.add_argument("--preset", help="a preset to open (see 'linscope presets')")
        gp.add_argument("--theme", help="paper, lecture or dark (default: as last time)")
        gp.add_argument("--colorblind", action="store_true",
                        help="colour-blind-safe colours (Okabe–Ito, cividis)")
        gp.add_argument("--version", action="version", version=f"linscope {version()}")
        args = gp.parse_args(gui_args)
        _set_backend(args.backend)
        _check_backend_env()
        if args.scene is not None:
            from pathlib import Path

            if not Path(args.scene).is_file():
                _fail(f"no scene file {args.scene!r} (commands: {', '.join(COMMANDS)})")
        if args.lab is not None and args.lab not in _lab_ids():
            _fail(f"unknown lab {args.lab!r}; choose from {', '.join(_lab_ids())}")
        if args.preset is not None:
            from app.scenes import find_preset

            try:
                find_preset(args.preset)
            except KeyError as err:
                _fail(str(err.args[0]))
        if args.theme is not None:
            from views.common.themes import THEMES

            if args.theme not in THEMES:
                _fail(f"unknown theme {args.theme!r}; choose from {', '.join(THEMES)}")
        from app.gui import run_gui

        look = {k: v for k, v in (("theme", args.theme), ("colorblind", args.colorblind or None))
                if v is not None}
        if args.scene is not None and _is_deck(args.scene):  # a deck: open it, not presenting
            _load_deck_or_fail("open", args.scene)
            return run_gui(lab=args.lab, preset=args.preset, deck=args.scene, **look)
        return run_gui(args.scene, lab=args.lab, preset=args.preset, **look)
    args = parser.parse_args(argv)
    _set_backend(getattr(args, "bench_backend", None) or args.backend)
    _check_backend_env()
    handler = {"inspect": _cmd_inspect, "render": _cmd_render, "embed": _cmd_embed,
               "lowrank": _cmd_lowrank, "model-attention": _cmd_model_attention,
               "presets": _cmd_presets, "bench": _cmd_bench,
               "present": _cmd_present}[args.command]
    return handler(args)


def _lab_ids() -> list[str]:
    from app.labs import LABS

    return [lab.id for lab in LABS]


def _check_backend_env() -> None:
    import os

    value = os.environ.get("LINSCOPE_BACKEND", "").strip().lower()
    if value and value not in ("numpy", "cupy", "auto"):
        _fail(f"LINSCOPE_BACKEND={value!r} is not one of numpy, cupy, auto")


def _set_backend(choice: str | None) -> None:
    if choice:
        import os

        os.environ["LINSCOPE_BACKEND"] = choice


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
