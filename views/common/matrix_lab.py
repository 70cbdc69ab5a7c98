"""The base of the labs that show the shared 2×2 matrix A with a draggable vector x (the
Plane, SVD and Norms labs): their common wiring, and what it needs from each of them.
"""

from __future__ import annotations

from abc import abstractmethod

from views.common.lab_view import LabView

__all__ = ["MatrixLabView"]


class MatrixLabView(LabView):
    """A lab view of the shared 2×2 model: an entry grid for A and a canvas that drags x.

    The contract, on top of :class:`LabView`'s:

    - :attr:`editor`: the 2×2 grid of A's entries, set in the constructor;
    - :meth:`canvas` returns a figure with the signal ``x_dragged(float, float, object)``
      (where x should go, and the drag's merge key);
    - :meth:`_show` (abstract): draw a model in every part of the view, the one drawing
      path;
    - :meth:`_on_model_changed` (default: count the redraw and show the model) and
      :meth:`_on_x_dragged` (default: a "Move x" intent).

    The constructor ends with :meth:`_wire_matrix_lab`.
    """

    @abstractmethod
    def _show(self, model) -> None:
        """Draw ``model`` (a :class:`models.plane.model.PlaneModel`) in every widget."""

    def _on_model_changed(self, model) -> None:
        """The model changed: draw it (and count the redraw, for tests)."""
        self.redraw_count += 1
        self._show(model)

    def _on_x_dragged(self, x: float, y: float, merge_key) -> None:
        """A drag of x on the canvas becomes a "Move x" intent (one undo step per drag)."""
        self.intent.emit("Move x", {"x": [x, y]}, merge_key)

    def _wire_matrix_lab(self) -> None:
        """End the constructor: connect typed entries and x drags to their intents, then
        the model (to :meth:`_on_model_changed`); apply the options and draw the model once.
        Call it after the view's own connections.
        """
        self.editor.entry_edited.connect(self._on_entry_edited)
        self.canvas().x_dragged.connect(self._on_x_dragged)
        # The one connection to the model, dropped with the view (the model is shared).
        self._connect_model(self._on_model_changed)
        self._apply_options()
        self._show(self.model)
