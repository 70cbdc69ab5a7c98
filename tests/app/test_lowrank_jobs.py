"""The Low-rank lab in the window: a new matrix is decomposed on the worker and asked for
as one undo step; a file opens the same way; a bad file changes nothing; a 2 × 2 opens in
the SVD lab."""

from __future__ import annotations

import numpy as np
import pytest

from app.lowrank_jobs import jobs_of
from models.lowrank.sources import cached_source

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _lab(window):
    window.switch_lab("lowrank")
    jobs = jobs_of(window.view)
    assert jobs is not None and jobs.runner is window.task_runner
    return jobs


def test_a_new_matrix_is_decomposed_off_the_gui_thread_as_one_undo_step(window, qtbot):
    jobs = _lab(window)
    view, doc = window.view, window.document()
    count = doc.stack.count()
    view.source_requested.emit("Choose matrix", {"source": "random", "rows": 90, "cols": 70,
                                                 "rank": 5, "noise": 0.123, "seed": 7})
    qtbot.waitUntil(lambda: view.model.state.source == "random", timeout=10000)
    assert jobs.handle is None and doc.stack.count() == count + 1
    assert cached_source(view.model.state) is view.model.source
    s = np.linalg.svd(view.model.source.matrix.astype(np.float64), compute_uv=False)
    np.testing.assert_allclose(view.model.source.dec.s, s, rtol=1e-4, atol=1e-5)
    doc.stack.undo()
    assert view.model.state.source == "picture"


def test_a_refused_change_keeps_the_matrix_and_says_why(window, qtbot):
    _lab(window)
    view = window.view
    state = view.model.state
    said = []
    view.status.connect(said.append)
    view.source_requested.emit("Rows", {"source": "random", "rank": 50, "rows": 10})
    assert view.model.state is state
    assert any("more than min" in s for s in said)


def test_an_npy_opens_and_a_bad_file_changes_nothing(window, qtbot, tmp_path):
    jobs = _lab(window)
    view = window.view
    a = np.random.default_rng(0).standard_normal((30, 20)).astype(np.float32)
    np.save(tmp_path / "m.npy", a)
    jobs.open_file(tmp_path / "m.npy")
    qtbot.waitUntil(lambda: view.model.state.source == "file" and jobs.handle is None,
                    timeout=10000)
    np.testing.assert_array_equal(view.model.source.matrix, a)
    state = view.model.state
    (tmp_path / "bad.npy").write_bytes(b"\x93NUMPY garbage")
    jobs.open_file(tmp_path / "bad.npy")
    qtbot.waitUntil(lambda: jobs.handle is None, timeout=10000)
    assert view.model.state is state
    assert jobs.message.startswith("Could not open the matrix")


def test_a_2x2_opens_in_the_svd_lab_with_the_same_matrix(window, qtbot):
    _lab(window)
    view = window.view
    view.source_requested.emit("Typed", {"source": "entries"})
    qtbot.waitUntil(lambda: view.model.state.source == "entries", timeout=10000)
    view.link_button.click()
    assert window.spec.id == "svd"
    np.testing.assert_allclose(window.view.model.matrix,
                               [[3, 1], [1, 2]])


def test_a_scene_is_decomposed_on_the_worker_before_it_opens(window, qtbot, tmp_path):
    import json

    from models.core.scene import make_scene

    _lab(window)
    doc = make_scene("lowrank", {"source": "decay", "rows": 120, "cols": 100, "alpha": 0.75,
                                 "decay": "power", "seed": 3, "k": 9})
    path = tmp_path / "decay.json"
    path.write_text(json.dumps(doc))
    assert window.open_scene(path) is None
    qtbot.waitUntil(lambda: window.view.model.state.source == "decay", timeout=10000)
    model = window.view.model
    assert model.state.k == 9 and model.state.alpha == 0.75
    np.testing.assert_allclose(model.source.dec.s, np.arange(1, 101) ** -0.75, rtol=1e-4)


def test_an_image_opens_as_its_luma_drawn_in_grey(window, qtbot, tmp_path):
    from PySide6.QtGui import QImage

    rng = np.random.default_rng(4)
    rgb = rng.integers(0, 256, size=(24, 40, 3), dtype=np.uint8)
    image = QImage(rgb.tobytes(), 40, 24, 120, QImage.Format.Format_RGB888)
    assert image.save(str(tmp_path / "p.png"))
    jobs = _lab(window)
    jobs.open_file(tmp_path / "p.png")
    view = window.view
    qtbot.waitUntil(lambda: view.model.state.source == "file" and jobs.handle is None,
                    timeout=10000)
    luma = (0.2126 * rgb[..., 0] + 0.7152 * rgb[..., 1] + 0.0722 * rgb[..., 2]) / 255
    np.testing.assert_allclose(view.model.source.matrix, luma, atol=1e-6)
    assert view.model.source.is_image
    drawn = view.canvas().a_image
    np.testing.assert_allclose(drawn.drawn, luma, atol=1e-6)
    lut = drawn.image.getColorMap().map([0.0, 0.5, 1.0], mode="byte")
    assert all(r == g == b for r, g, b, _a in lut)  # a grey ramp
