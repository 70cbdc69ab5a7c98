"""What the long-context screen asks to be computed, as one frozen value.

A view builds a :class:`LargeRequest` from the model's parameters, the window the state
holds and the pixels its heatmap has, and hands it to whoever runs the work (the app's
controller, on a worker thread). The request names what is already on screen, so the
computation covers only what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.attention.large import LargeJob, LargeParams, needed_jobs

__all__ = ["LargeRequest"]


@dataclass(frozen=True)
class LargeRequest:
    """The overview (and the visible window, if any) at a pixel size.

    Attributes
    ----------
    params : LargeParams
        Sizes, the head shown, the softmax settings and the sources of Q and K.
    window : tuple of int or None
        The zoomed window ``(r0, r1, c0, c1)`` (half-open), or None for everything.
    pixels : tuple of int
        ``(rows, cols)``: the most blocks each picture is pooled to.
    shown : tuple of LargeJob
        The jobs whose results the screen shows now.
    """

    params: LargeParams
    window: tuple[int, int, int, int] | None
    pixels: tuple[int, int]
    shown: tuple[LargeJob, ...] = ()

    def jobs(self, busy=()) -> list[LargeJob]:
        """The jobs still needed: neither on screen nor among ``busy`` (being computed).

        Parameters
        ----------
        busy : iterable of LargeJob
            Jobs a running computation will deliver.

        Returns
        -------
        list of LargeJob
            The overview first, then the window's job.
        """
        return needed_jobs(self.params, self.window, self.pixels, [*self.shown, *busy])
