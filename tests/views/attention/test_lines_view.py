"""The lines view: one line per weight above the threshold, in the bucket of its opacity;
highlighting a query row; the token labels."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from views.attention.lines_view import (
    BUCKETS,
    FADED,
    THRESHOLD,
    LinesWidget,
    bucket_alpha,
    bucket_of,
)
from views.common.style import configure_pyqtgraph

TOKENS = ["␣the", "cat", "␣sat", "␣on", "␣the", "␣mat", "·ing", "."]


def _causal(n, seed=0, power=4):
    rng = np.random.default_rng(seed)
    x = rng.random((n, n)) ** power * np.tril(np.ones((n, n)))
    x[:, 0] += 1e-3
    return (x / x.sum(axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def lines(qtbot):
    configure_pyqtgraph()
    widget = LinesWidget()
    qtbot.addWidget(widget)
    widget.resize(600, 500)
    widget.set_data(_causal(len(TOKENS)), TOKENS)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _path_segments(item):
    """The (x0, y0, x1, y1) of every straight segment of a path item, read back."""
    path = item.path()
    pts = [path.elementAt(k) for k in range(path.elementCount())]
    return [(a.x, a.y, b.x, b.y) for a, b in zip(pts[0::2], pts[1::2], strict=True)]


def test_bucket_of_quantises_weights_upward():
    w = np.array([0.0, 0.01, 1 / BUCKETS, 1 / BUCKETS + 1e-6, 0.5, 1.0, 1.5])
    b = bucket_of(w)
    assert list(b) == [0, 0, 0, 1, BUCKETS // 2 - 1, BUCKETS - 1, BUCKETS - 1]
    alphas = np.array([bucket_alpha(k) for k in b])
    assert np.all(alphas >= np.clip(w, 0, 1) - 1e-12)
    assert np.all(alphas - np.clip(w, 0, 1) <= 1 / BUCKETS + 1e-12)


def test_every_weight_above_the_threshold_is_one_line_in_its_bucket(lines):
    view = lines.lines
    w = _causal(len(TOKENS)).astype(np.float64)
    want = {(i, j) for i, j in zip(*np.nonzero(w >= THRESHOLD), strict=True)}
    drawn = set()
    for b, (pairs, item) in enumerate(zip(view.pairs, view.paths, strict=True)):
        segs = _path_segments(item)
        assert len(segs) == len(pairs)
        for (i, j), (x0, y0, x1, y1) in zip(pairs, segs, strict=True):
            assert (x0, y0, x1, y1) == (0.0, i + 0.5, 1.0, j + 0.5)
            assert bucket_of(w[i, j]) == b
            drawn.add((int(i), int(j)))
        assert item.pen().color().alphaF() == pytest.approx(bucket_alpha(b), abs=1 / 255)
    assert drawn == want
    assert view.line_count() == len(want)
    # A causal head draws nothing above the diagonal.
    assert all(j <= i for i, j in drawn)


def test_token_labels_are_the_tokens_on_both_sides(lines):
    view = lines.lines
    assert view.labels["left"].texts() == TOKENS
    assert view.labels["right"].texts() == TOKENS


def test_highlight_row_shows_only_that_rows_lines_over_the_faded_rest(lines, qtbot):
    view = lines.lines
    w = _causal(len(TOKENS))
    seen = []
    view.highlighted.connect(seen.append)
    view.highlight_row(5)
    assert seen == [5]
    rows = [p for p in view.row_lines() if len(p)]
    assert rows and all(np.all(p[:, 0] == 5) for p in rows)
    keys = sorted(int(j) for p in rows for j in p[:, 1])
    assert keys == sorted(np.nonzero(w[5] >= THRESHOLD)[0].tolist())
    for item, pairs in zip(view.row_paths, view.row_lines(), strict=True):
        assert {(y0, y1) for _x0, y0, _x1, y1 in _path_segments(item)} == {
            (i + 0.5, j + 0.5) for i, j in pairs}
    assert all(item.opacity() == FADED for item in view.paths)
    label = view.labels["left"].items[5]
    assert label.font().bold()
    view.highlight_row(-1)
    assert seen == [5, -1]
    assert all(len(_path_segments(item)) == 0 for item in view.row_paths)
    assert all(item.opacity() == 1.0 for item in view.paths)
    assert not label.font().bold()


def test_hovering_a_query_label_highlights_its_row(lines, qtbot):
    view = lines.lines
    seen = []
    view.highlighted.connect(seen.append)
    label = view.labels["left"].items[3]
    centre = label.sceneBoundingRect().center()
    pos = lines.mapFromScene(centre)
    qtbot.mouseMove(lines.viewport(), pos)
    qtbot.waitUntil(lambda: view.row == 3, timeout=2000)
    assert seen[-1] == 3
    # In the left half of the lines, the row under the pointer.
    end = lines.mapFromScene(view.row_center_scene(6) + QPointF(20, 0))
    qtbot.wait(60)  # pyqtgraph drops moves that come faster than its rate limit
    qtbot.mouseMove(lines.viewport(), end)
    qtbot.waitUntil(lambda: view.row == 6, timeout=2000)
    assert seen[-1] == 6


def test_a_long_sentence_is_drawn_as_a_few_paths(qtbot):
    configure_pyqtgraph()
    widget = LinesWidget()
    qtbot.addWidget(widget)
    widget.resize(600, 700)
    n = 512
    w = _causal(n, seed=3, power=30)
    widget.set_data(w, [f"t{k}" for k in range(n)])
    view = widget.lines
    assert len(view.paths) == BUCKETS
    assert view.line_count() == int(np.count_nonzero(w >= THRESHOLD))
    assert sum(len(_path_segments(it)) for it in view.paths) == view.line_count()


def test_weights_must_match_the_tokens(lines):
    with pytest.raises(ValueError, match="tokens"):
        lines.lines.set_data(np.eye(3), TOKENS)
