"""``linscope render``: a scene, a preset or a deck to a figure (PNG, SVG, PDF) or, with
``--animate``, to a recording (MP4, GIF, APNG), headless, through the same code as the
window's Export and Record."""

from __future__ import annotations

from pathlib import Path

__all__ = ["add_render_parser", "cmd_render"]

FIGURE_SUFFIXES = (".png", ".svg", ".pdf")
RECORDING_SUFFIXES = (".mp4", ".gif", ".apng")
ANIMATE = ("t", "stage", "temperature", "theta")


def add_render_parser(sub) -> None:
    """Add the ``render`` sub-command to the sub-parsers ``sub``."""
    r = sub.add_parser("render", help="render a scene or preset to PNG/SVG/PDF (or record it "
                       "to MP4/GIF/APNG), or a deck to a PDF of one page per slide, headless")
    r.add_argument("scene", nargs="?", help="a scene or deck file (.json)")
    r.add_argument("--preset", help="a preset name (see 'linscope presets')")
    r.add_argument("-o", "--output", required=True,
                   help="OUT.png, OUT.svg or OUT.pdf; with --animate OUT.mp4, .gif or .apng")
    r.add_argument("--width", help="pixels (default 1200) or a length: 85mm, 8.5cm, 3.5in, "
                   "240pt")
    r.add_argument("--height", help="pixels (default 900, or the width's 4:3) or a length")
    r.add_argument("--dpi", type=float, default=300.0,
                   help="raster pixels per inch of a physical size (default 300)")
    r.add_argument("--font-size", type=float, metavar="PT",
                   help="labels' size in points (default 9 at a physical size); titles up "
                   "to 1.4×, no text under 0.8×; lines scale with it")
    r.add_argument("--theme", help="paper, lecture or dark (default: paper)")
    r.add_argument("--colorblind", action="store_true",
                   help="the colour-blind-safe palette (Okabe–Ito, cividis)")
    r.add_argument("--transparent", action="store_true", help="transparent background")
    r.add_argument("--text-as-paths", action="store_true",
                   help="SVG: draw text as outlines (no fonts needed to view it)")
    r.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="set a preset's parameter or a model field, e.g. theta=30deg or "
                   "\"entries=[[1,2],[3,4]]\" (repeatable)")
    r.add_argument("--animate", choices=ANIMATE,
                   help="record what moves: t (I → A), stage (SVD), temperature, theta")
    r.add_argument("--seconds", type=float, default=4.0, help="recording length (default 4)")
    r.add_argument("--fps", type=int, default=30, help="frames per second (default 30)")


def _spec(args, fail):
    from app.figure_spec import FigureSpec, SpecError, parse_length

    try:
        width = None if args.width is None else parse_length(args.width, "--width")
        height = None if args.height is None else parse_length(args.height, "--height")
        return FigureSpec(width, height, dpi=args.dpi, font_pt=args.font_size,
                          theme=args.theme, colorblind=args.colorblind or None,
                          transparent=args.transparent, text_as_paths=args.text_as_paths)
    except SpecError as err:
        fail(f"render: {err}")


def _check_theme(args, fail) -> None:
    if args.theme is None:
        return
    from views.common.themes import THEMES

    if args.theme not in THEMES:
        fail(f"render: --theme {args.theme!r}: use one of {', '.join(THEMES)}")


def cmd_render(args, fail, is_deck, render_deck) -> int:
    """Run ``linscope render``; ``fail(message)`` ends with status 2."""
    from app.scene_set import SetError, check_sets, split_set
    from app.scenes import check_scene, find_preset, load_scene_file, preset_scene
    from models.core.evented import SceneError

    if (args.scene is None) == (args.preset is None):
        fail("render: give either a SCENE.json, a DECK.json or --preset NAME")
    out = Path(args.output)
    if args.scene is not None and is_deck(args.scene):
        return render_deck(args, out)
    suffixes = RECORDING_SUFFIXES if args.animate else FIGURE_SUFFIXES
    if out.suffix.lower() not in suffixes:
        what = "a recording" if args.animate else "a figure"
        fail(f"render: unknown output format {out.suffix or '(none)'!r} for {what}; use "
             + ", ".join(suffixes))
    spec = _spec(args, fail)
    _check_theme(args, fail)
    try:
        folder_exists = out.parent.is_dir()
    except (OSError, ValueError) as err:  # a name too long, a NUL byte
        fail(f"render: cannot write {str(out)[:80]!r}: {getattr(err, 'strerror', None) or err}")
    if not folder_exists:
        fail(f"render: folder {str(out.parent)!r} does not exist")
    preset = None
    try:
        if args.preset is not None:
            preset = find_preset(args.preset)
            checked = check_scene(preset_scene(preset))
            base = None
        else:
            checked = load_scene_file(args.scene)  # relative .npy paths: the file's folder
            base = Path(args.scene).absolute().parent
        if args.set:
            checked = check_sets(checked.doc, [split_set(s) for s in args.set], preset, base)
    except KeyError as err:
        fail(f"render: {err.args[0]}")
    except SceneError as err:
        fail(f"render: {args.scene or 'preset ' + args.preset}: {err}")
    except SetError as err:
        fail(f"render: {err}")
    if args.animate:
        return _record(args, checked, out, spec, fail)
    from app.export import ExportError
    from app.render import RenderError, render_checked

    left_out: list[str] = []
    try:
        path = render_checked(checked, out, spec, left_out)
    except (ExportError, RenderError) as err:
        fail(f"render: {err}")
    if left_out:
        import sys

        print(f"render: too small for everything; left out: {', '.join(left_out)}",
              file=sys.stderr)
    print(f"wrote {path}")
    return 0


def _record(args, checked, out, spec, fail) -> int:
    import sys

    from app.recording import RecordingError, record_checked

    def notice(line: str) -> None:
        print(f"render: {line}", file=sys.stderr)

    try:
        path, frames = record_checked(checked, out, spec, args.animate, args.seconds,
                                      args.fps, notice=notice)
    except RecordingError as err:
        fail(f"render: {err}")
    print(f"wrote {path} ({frames} frames)")
    return 0
