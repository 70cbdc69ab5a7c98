"""The monkey's file actions: save and reopen a scene (the reopened scene must equal the
saved one), open a damaged copy (it must be refused and change nothing), and export the
figure as PNG, SVG or PDF (a file must be written). Failed checks go to ``ctx.fail``.
"""

from __future__ import annotations

import json

from tests.harness.monkey_gestures import Step, lab_of

__all__ = ["plan_export", "plan_open_bad", "plan_save_reopen"]

_MAX_PIXELS = 16384  # the longest side an exported image may have


# -- files ---------------------------------------------------------------------------------
def plan_save_reopen(ctx) -> list[Step] | None:
    """Save the lab's scene, reopen it, and check it equals what was saved."""
    ctx.serial += 1
    path = ctx.tmp / f"scene-{ctx.serial}.json"
    lab = lab_of(ctx)

    def save():
        err = ctx.window.save_scene(path)
        if err is not None:
            ctx.fail(f"saving {path.name} in {lab} was refused: {err}")

    def reopen():
        if not path.exists():
            return
        err = ctx.window.open_scene(path)
        if err is not None:
            ctx.fail(f"reopening the just saved {path.name} was refused: {err}")

    def compare():
        if not path.exists():
            return
        saved = json.loads(path.read_text(encoding="utf-8"))
        now = ctx.window.current_scene()
        for key in ("lab", "model", "view"):
            if saved.get(key) != now.get(key):
                ctx.fail(f"reopened {path.name} differs from the saved scene in {key!r}: "
                         f"{_first_difference(saved.get(key), now.get(key))}")
                return

    return [Step(f"save {lab} scene to {path.name}", save),
            Step(f"reopen {path.name}", reopen), Step(f"compare {path.name}", compare)]


def _first_difference(a, b, at: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if a.get(k, "<missing>") != b.get(k, "<missing>"):
                return _first_difference(a.get(k, "<missing>"), b.get(k, "<missing>"),
                                         f"{at}.{k}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for k, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{at}[{k}]")
    return f"{at or '(top)'}: saved {json.dumps(a)[:120]}, reopened {json.dumps(b)[:120]}"


#: Presentation values that move by themselves while an animation plays (the scene records
#: them; a refusal that took a moment would otherwise look like a change).
_PLAYING = ("t", "stage")


def _window_snapshot(window) -> tuple:
    models = {k: m.state for k, m in window.models.items()}
    scene = window.current_scene()
    view = {k: v for k, v in scene.get("view", {}).items() if k not in _PLAYING}
    return window.spec.id, {**scene, "view": view}, models, getattr(window, "path", None)


def plan_open_bad(ctx) -> list[Step] | None:
    """Open a damaged copy of the scene; a refusal must change nothing."""
    ctx.serial += 1
    path = ctx.tmp / f"bad-{ctx.serial}.json"
    text = json.dumps(ctx.window.current_scene())
    cut = ctx.rng.randrange(len(text))
    bad = ctx.rng.choice((text[:cut], text[:cut] + "\x00", text.replace('"lab"', '"lab_"'),
                          text.replace('"model": {', '"model": {"\\ud800": 1, ', 1)))
    path.write_text(bad, encoding="utf-8", errors="surrogatepass")
    before = {}

    def open_it():
        before["snap"] = _window_snapshot(ctx.window)
        err = ctx.window.open_scene(path)
        before["err"] = err

    def check():
        if "snap" not in before:
            return
        if before.get("err") is None:
            return  # a mutation that still makes a valid scene may open
        after = _window_snapshot(ctx.window)
        old = before["snap"]
        if after[0] != old[0] or after[1] != old[1] or after[3] != old[3] or any(
                after[2].get(k) is not s for k, s in old[2].items()):
            ctx.fail(f"refusing {path.name} changed the open scene "
                     f"(lab {old[0]} -> {after[0]})")

    return [Step(f"open damaged scene {path.name} ({len(bad)} chars) in {lab_of(ctx)}", open_it),
            Step(f"check the window after refusing {path.name}", check)]


def plan_export(ctx) -> list[Step] | None:
    """Export the figure as PNG, SVG or PDF; a file must be written."""
    ctx.serial += 1
    fmt = ctx.rng.choice(("png", "svg", "pdf"))
    width = ctx.rng.choice((None, 200, 640, 1200, 1999, 2400))
    transparent = ctx.rng.random() < 0.3
    path = ctx.tmp / f"figure-{ctx.serial}.{fmt}"

    def export():
        port = ctx.window.view.canvas().viewport()
        w, h = port.width(), port.height()
        err = ctx.window.export_figure(path, width, transparent=transparent)
        # Only a figure whose height at this width (the canvas's aspect) passes the export
        # limit may be refused; anything else must be written.
        too_tall = width is not None and w > 0 and width * h / w > _MAX_PIXELS
        if err is not None:
            if not too_tall:
                ctx.fail(f"export to {path.name} at width {width} of a {w}x{h} canvas "
                         f"refused: {err}")
        elif not path.exists() or path.stat().st_size == 0:
            ctx.fail(f"export to {path.name} reported success but wrote nothing")
        else:
            path.unlink()  # thousands of figures would fill the disk

    note = ", transparent" if transparent else ""
    return [Step(f"export {lab_of(ctx)} to {fmt.upper()} at width {width}{note}", export)]
