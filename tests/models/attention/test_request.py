"""LargeRequest: what the long-context screen lacks, given what it shows and what is coming."""

from __future__ import annotations

import dataclasses

import pytest

from models.attention.large import LargeParams
from models.attention.request import LargeRequest

P = LargeParams(n=4096, m=4096, h=2, d=16, seed=0, head=0, causal=True, temperature=1.0)


def _parts(jobs):
    return [(j.kind, j.rows, j.cols, j.shape) for j in jobs]


def test_a_request_lacks_the_overview_and_the_window():
    req = LargeRequest(P, (100, 300, 50, 3000), (400, 500))
    assert _parts(req.jobs()) == [("overview", (0, 4096), (0, 4096), (400, 500)),
                                  ("pooled", (100, 300), (50, 3000), (400, 500))]
    small = LargeRequest(P, (100, 300, 50, 250), (400, 500))
    assert _parts(small.jobs())[1] == ("tile", (100, 300), (50, 250), (400, 500))
    assert _parts(LargeRequest(P, None, (400, 500)).jobs()) == [
        ("overview", (0, 4096), (0, 4096), (400, 500))]


def test_what_is_shown_or_coming_is_not_asked_again():
    overview, window = LargeRequest(P, (0, 64, 0, 64), (400, 500)).jobs()
    assert LargeRequest(P, (0, 64, 0, 64), (400, 500), shown=(overview,)).jobs() == [window]
    assert LargeRequest(P, (0, 64, 0, 64), (400, 500), shown=(overview,)).jobs(
        busy=[window]) == []
    # a few pixels more (a label grew) is the same picture; a fifth more is not
    assert LargeRequest(P, None, (420, 510), shown=(overview,)).jobs() == []
    assert len(LargeRequest(P, None, (520, 500), shown=(overview,)).jobs()) == 1
    # another head is another picture
    other = dataclasses.replace(P, head=1)
    assert _parts(LargeRequest(other, None, (400, 500), shown=(overview,)).jobs()) == [
        ("overview", (0, 4096), (0, 4096), (400, 500))]


def test_a_request_is_frozen():
    req = LargeRequest(P, None, (400, 500))
    with pytest.raises(dataclasses.FrozenInstanceError):
        req.window = (0, 1, 0, 1)
