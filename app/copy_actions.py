"""Edit → Copy matrix as LaTeX, NumPy or a Markdown table, and Copy figure.

Which matrix each lab copies:

- Plane, SVD, Norms and Space: A, with its entries as typed.
- Matrix product: A and B as typed, and AB (by value) when it is defined, each named.
- Projection: the 2×2 matrix [a b] whose columns are a and b, as typed.
- Attention: in small mode the weights softmax(QKᵀ/√d_k) of the head shown, its rows and
  columns named by the tokens in Markdown; large mode has no matrix small enough to paste.

A lab with no matrix leaves the three matrix actions disabled (and says so in the status
bar when one is triggered anyway). The text itself is written by
:mod:`models.core.matrix_text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QApplication

from models.core.matrix_text import to_latex, to_markdown, to_numpy

__all__ = ["COPY_ACTIONS", "CopyActionsMixin", "CopyMatrix", "copyable", "matrices_text"]

#: The window actions (ids in :data:`app.actions.ACTIONS`) that copy a matrix.
COPY_ACTIONS = ("edit.copy_latex", "edit.copy_numpy", "edit.copy_markdown")


@dataclass(frozen=True)
class CopyMatrix:
    """A matrix a lab offers to copy: its ``name``, ``values`` (2-D), ``texts`` as typed
    (rows of str, or None for a derived matrix) and optional row and column names."""

    name: str
    values: np.ndarray
    texts: tuple[tuple[str, ...], ...] | None = None
    rows: tuple[str, ...] | None = None
    cols: tuple[str, ...] | None = None


def _rows(flat, shape) -> tuple[tuple[str, ...], ...]:
    r, c = shape
    return tuple(tuple(flat[i * c:(i + 1) * c]) for i in range(r))


def copyable(lab_id: str, model) -> list[CopyMatrix]:
    """The matrices lab ``lab_id`` (showing ``model``) copies, in order; [] when none."""
    s = model.state
    if lab_id in ("plane", "svd", "norms", "space"):
        a = np.asarray(s.matrix, float)
        return [CopyMatrix("A", a, _rows(s.texts, a.shape))]
    if lab_id == "product":
        out = [CopyMatrix("A", np.asarray(s.a, float), s.a_texts),
               CopyMatrix("B", np.asarray(s.b, float), s.b_texts)]
        if model.product is not None:
            out.append(CopyMatrix("AB", np.asarray(model.product, float)))
        return out
    if lab_id == "projection":
        values = np.column_stack([s.a, s.b]).astype(float)
        texts = tuple(zip(s.a_texts, s.b_texts, strict=True))
        return [CopyMatrix("[a b]", values, texts, cols=("a", "b"))]
    if lab_id == "attention" and s.mode == "small":
        d = model.small
        return [CopyMatrix(f"weights (head {s.head + 1})", np.asarray(d.weights[s.head], float),
                           rows=tuple(d.tokens), cols=tuple(d.tokens))]
    return []


def matrices_text(matrices: list[CopyMatrix], fmt: str) -> str:
    """The text of ``matrices`` in ``fmt`` ("latex", "numpy" or "markdown"): one matrix
    alone is written bare, several each under its name (``A = …``, one per line; Markdown
    tables are named in their corner either way)."""
    named = len(matrices) > 1
    parts = []
    for m in matrices:
        if fmt == "markdown":
            parts.append(to_markdown(m.texts, m.values, m.name, m.rows, m.cols))
        elif fmt == "latex":
            parts.append((f"{m.name} = " if named else "") + to_latex(m.texts, m.values))
        elif fmt == "numpy":
            parts.append((f"{m.name} = " if named else "") + to_numpy(m.values))
        else:
            raise ValueError(f"unknown format {fmt!r}")
    return ("\n\n" if fmt == "markdown" else "\n").join(parts)


_FORMAT_NAMES = {"latex": "LaTeX", "numpy": "NumPy", "markdown": "a Markdown table"}


class CopyActionsMixin:
    """Copy handlers of :class:`app.main_window.MainWindow` (its actions come from
    :mod:`app.actions`); :meth:`follow_copy_actions` keeps them enabled only where the lab
    has a matrix."""

    def follow_copy_actions(self) -> None:
        """Enable the matrix actions for the lab shown, now and after every lab switch and
        edit (the Edit menu checks again when it opens)."""
        self.lab_box.currentIndexChanged.connect(self.update_copy_actions)
        self.undo_group.indexChanged.connect(self.update_copy_actions)
        self.undo_group.activeStackChanged.connect(self.update_copy_actions)
        for menu in self.actions["edit.copy_latex"].associatedObjects():
            if hasattr(menu, "aboutToShow"):
                menu.aboutToShow.connect(self.update_copy_actions)

    def update_copy_actions(self, *_args) -> None:
        """Enable Copy matrix as … when the lab on screen has a matrix to copy."""
        on = bool(self.matrices_to_copy())
        for name in COPY_ACTIONS:
            self.actions[name].setEnabled(on)

    def matrices_to_copy(self) -> list[CopyMatrix]:
        """What the lab on screen copies (see the module's notes)."""
        return copyable(self.spec.id, self.document().model)

    def copy_matrix(self, fmt: str) -> str | None:
        """Put the lab's matrices on the clipboard as ``fmt``; returns the text (None when
        the lab has no matrix, which the status bar then says)."""
        matrices = self.matrices_to_copy()
        if not matrices:
            self.statusBar().showMessage(f"{self.spec.title} has no matrix to copy here", 5000)
            return None
        text = matrices_text(matrices, fmt)
        QApplication.clipboard().setText(text)
        names = ", ".join(m.name for m in matrices)
        self.statusBar().showMessage(f"Copied {names} as {_FORMAT_NAMES[fmt]}", 5000)
        return text

    def copy_latex(self) -> None:
        """Edit → Copy matrix as LaTeX."""
        self.copy_matrix("latex")

    def copy_numpy(self) -> None:
        """Edit → Copy matrix as NumPy."""
        self.copy_matrix("numpy")

    def copy_markdown(self) -> None:
        """Edit → Copy matrix as Markdown table."""
        self.copy_matrix("markdown")

    def copy_figure(self) -> None:
        """Edit → Copy figure: the lab's figure, as Export draws it (figure style, built
        afresh), at the canvas's present size, as an image on the clipboard."""
        from app.export import render_image
        from app.figure_spec import FigureSpec, Length, SpecError
        from app.render import RenderError, open_figure
        from app.scenes import check_scene, scene_of
        from models.core.evented import SceneError

        port = self.view.canvas().viewport()
        w, h = max(16, port.width()), max(16, port.height())
        doc = self.document()
        try:
            spec = FigureSpec(Length(w, "px"), Length(h, "px"))
            base = Path(doc.path).parent if doc.path else None
            checked = check_scene(scene_of(self.spec, doc.model, self.view), base=base)
            with open_figure(checked, spec) as (_model, _view, canvas):
                image = render_image(canvas, w, h)
        except (RenderError, SpecError, SceneError) as err:
            self.report_error("Cannot copy figure", str(err))
            return
        QApplication.clipboard().setImage(image)
        self.statusBar().showMessage(f"Copied the figure ({w}×{h} pixels)", 5000)
