"""Layers a person switches on and off: the one API every lab canvas offers its view.

A canvas groups what it draws into named layers (the grid, the eigen-directions, the
probe…), one per "Show" option of its view. :class:`LayerToggles` keeps which are on, shows
and hides the items registered with each layer, and then has the canvas redraw what
depends on the layers (an item drawn only while its layer is on, a note that lists what is
shown): :meth:`LayerToggles._layers_changed`, by default the canvas's
:meth:`LayerToggles.redraw`.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["LayerToggles"]


class LayerToggles:
    """On/off layers of a canvas, by key (a mixin).

    The canvas calls :meth:`_init_layers` once with its layer keys (every layer starts on),
    appends to ``self._layers[key]`` the items that are simply shown and hidden with layer
    ``key``, reads ``self._visible[key]`` where its drawing depends on a layer, and
    overrides :meth:`redraw` (or :meth:`_layers_changed`, to redraw by layer).
    """

    def _init_layers(self, keys: Iterable[str]) -> None:
        keys = tuple(keys)
        #: Items shown and hidden with each layer.
        self._layers: dict[str, list] = {k: [] for k in keys}
        #: Which layers are on.
        self._visible: dict[str, bool] = dict.fromkeys(keys, True)

    def layer_visible(self, key: str) -> bool:
        """Whether layer ``key`` is on.

        Raises
        ------
        KeyError
            ``key`` is not one of the canvas's layers.
        """
        return self._visible[key]

    def set_layer_visible(self, key: str, on: bool) -> None:
        """Switch layer ``key`` on or off: show or hide its items, then redraw.

        Raises
        ------
        KeyError
            ``key`` is not one of the canvas's layers.
        """
        if key not in self._visible:
            raise KeyError(key)
        on = bool(on)
        self._visible[key] = on
        for item in self._layers[key]:
            item.setVisible(on)
        self._layers_changed(key)

    def redraw(self) -> None:
        """Draw what was drawn last again, as the layers now say (the canvas's hook; by
        default nothing)."""

    def _layers_changed(self, key: str) -> None:
        """Redraw after layer ``key`` was switched (by default :meth:`redraw`)."""
        self.redraw()
