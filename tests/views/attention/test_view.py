"""AttentionView: hover and click on heatmaps, the temperature drag, the softmax panel, the
d_k = 2 picture, large mode on a worker (responsive, cancellable), zoom, export and scenes
(every preset's headless render is in tests/app/test_render_presets.py)."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import models.attention.large as lab_large
from app.attention_jobs import AttentionJobs, jobs_of
from app.export import export_canvas
from app.labs import lab_spec
from app.scenes import build_lab, check_scene, scene_of
from app.tasks import TaskRunner
from app.undo import push_edit
from models.attention.kernels import attention
from models.attention.model import AttentionModel
from models.core.scene import read_scene, write_scene
from views.attention.view import AttentionView


@pytest.fixture
def lab(show_lab):
    """A shown AttentionView whose intents are applied the way the app applies them."""
    statuses = []
    model, view, intents = show_lab(AttentionView, AttentionModel(), size=(1400, 850),
                                    statuses=statuses)
    AttentionJobs(view)  # large mode's work, computed synchronously until a test gives a runner
    yield model, view, intents, statuses
    view.large.cancel(quiet=True)
    view.large.canvas.stop()


def _viewport_point(canvas, scene_pos) -> QPointF:
    return QPointF(canvas.mapFromScene(scene_pos))


def _hover(canvas, scene_pos) -> None:
    vp = canvas.viewport()
    p = _viewport_point(canvas, scene_pos)
    ev = QMouseEvent(QEvent.Type.MouseMove, p, QPointF(vp.mapToGlobal(p)),
                     Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                     Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, ev)


def test_one_redraw_per_edit(lab):
    model, view, _, _ = lab
    for changes in ({"causal": True}, {"temperature": 0.5, "padding": 1}, {"head": 1}):
        before = view.redraw_count
        model.update(**changes)
        assert view.redraw_count == before + 1
    before = view.redraw_count
    view.small_controls.causal.click()  # a gesture: one intent, one change, one redraw
    assert view.redraw_count == before + 1 and model.state.causal is False


def test_a_closed_second_view_is_not_called_back(lab):
    model, view, _, _ = lab
    connections = len(model.changed)
    second = AttentionView(model)  # a side-by-side view of the same model
    second.show()
    assert len(model.changed) == connections + 1
    gone = []
    second.destroyed.connect(lambda *_: gone.append(True))
    second.close()
    second.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert gone == [True] and len(model.changed) == connections
    before = view.redraw_count
    model.update(temperature=0.5)  # a dead view still connected raised EmitLoopError here
    model.update(mode="large", n=256, h=1, d=8)
    assert view.redraw_count == before + 2


def _hidden_by_brute_force(res, n, m):
    hide = np.arange(m)[None, :] > np.arange(n)[:, None] + (m - n)
    rb, cb = res.row_bounds, res.col_bounds
    return np.array([[hide[rb[a]:rb[a + 1], cb[b]:cb[b + 1]].all()
                      for b in range(len(cb) - 1)] for a in range(len(rb) - 1)])


@pytest.mark.parametrize("log_scale", [True, False])
def test_only_causally_masked_blocks_are_hatched(lab, log_scale):
    _, view, _, _ = lab
    view.set_option("log_scale", log_scale)
    canvas = view.large.canvas
    canvas.set_extent(600, 600, None)
    lowest = canvas._levels()[0]
    for causal in (False, True):
        p = lab_large.LargeParams(n=600, m=600, h=1, d=16, seed=3, head=0, causal=causal,
                                  temperature=0.01)  # sharp: most blocks underflow to 0
        res = lab_large.run_job(lab_large.plan_job(p, None, (100, 120)))
        canvas.show_result(res)
        shown = canvas.overview.image
        expected = _hidden_by_brute_force(res, 600, 600) if causal else np.zeros_like(shown,
                                                                                      bool)
        np.testing.assert_array_equal(np.isnan(shown), expected)  # NaN shows the hatch
        zeros = (res.image == 0) & ~expected
        assert zeros.sum() > 100
        np.testing.assert_array_equal(shown[zeros], np.float32(lowest))  # bottom of the scale
        a, b = (int(v[0]) for v in np.nonzero(zeros))
        text = canvas.describe(int(res.row_bounds[a]), int(res.col_bounds[b]))
        assert "largest weight 0" in text and "hidden" not in text
    assert "hidden by the causal mask" in canvas.describe(0, 599)


def test_hover_reports_value_and_tokens_and_links_cells(lab, qtbot):
    model, view, _, _ = lab
    model.update(causal=True)
    weights = view.small.maps["weights"]
    qtbot.waitUntil(lambda: weights.plot.vb.width() > 50)
    _hover(view.small, weights.cell_center_scene(3, 1))
    d = model.small
    text = view.info.text()
    assert "query 'on'" in text and "key 'cat'" in text
    assert f"weight = {d.weights[0][3, 1]:.4f}" in text
    assert f"QKᵀ = {d.scores[0][3, 1]:+.3f}" in text
    for name in ("scores", "scaled", "masked"):
        mark = view.small.maps[name].mark
        assert mark.isVisible() and mark.rect().topLeft() == QPointF(1, 3)
    assert weights.value(3, 1) == d.weights[0][3, 1]
    qtbot.wait(60)  # pyqtgraph drops mouse moves that follow each other too closely
    _hover(view.small, weights.cell_center_scene(1, 4))  # hidden by the causal mask
    assert "hidden (causal)" in view.info.text()


def test_click_on_mask_cell_emits_one_intent(lab, qtbot):
    model, view, intents, statuses = lab
    masked = view.small.maps["masked"]
    qtbot.waitUntil(lambda: masked.plot.vb.width() > 50)
    vp = view.small.viewport()
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, pos=_viewport_point(
        view.small, masked.cell_center_scene(2, 4)).toPoint())
    assert [c for _, c, _ in intents] == [{"toggle_mask": (2, 4)}]
    assert model.state.masked == {(2, 4)} and model.small.weights[0][2, 4] == 0
    model.update(causal=True)
    intents.clear()
    view._mask_clicked(0, 5)  # already hidden by the causal rule: a message, no edit
    assert intents == [] and "causal" in statuses[-1]


def test_temperature_drag_is_one_merge_key_and_one_undo_step(lab):
    model, view, intents, _ = lab
    stack = QUndoStack()
    view.intent.disconnect()
    view.intent.connect(lambda t, c, k: (intents.append((t, c, k)),
                                         push_edit(stack, model, t, c, k)))
    slider = view.softmax.slider
    for _drag in range(2):
        slider.setSliderDown(True)
        for v in (200, 260, 330):
            slider.setValue(v + 10 * _drag)
        slider.setSliderDown(False)
    keys = [k for _, c, k in intents if "temperature" in c]
    assert len(keys) == 6 and keys[0] is not None
    assert len(set(keys[:3])) == 1 and len(set(keys[3:])) == 1 and keys[0] != keys[3]
    assert stack.count() == 2
    assert model.state.temperature == pytest.approx(10 ** (-1 + 2 * 340 / 1000), rel=1e-2)
    stack.undo()
    stack.undo()
    assert model.state.temperature == 1.0
    slider.setValue(800)  # a keyboard step: its own edit
    assert intents[-1][2] is None


def test_softmax_panel_shows_course_example_and_refuses_bad_logits(lab, qtbot):
    model, view, _, statuses = lab
    heights = view.softmax.bars.opts["height"]
    np.testing.assert_allclose(heights, [0.66, 0.24, 0.10], atol=0.005)
    view.softmax.logits.setText("1, oops")
    view.softmax.logits.editingFinished.emit()
    assert "logits" in statuses[-1] and view.softmax.logits.text() == "2.0, 1.0, 0.1"
    view.softmax.logits.setText("0, 0")
    view.softmax.logits.editingFinished.emit()
    np.testing.assert_allclose(view.softmax.bars.opts["height"], [0.5, 0.5])


def test_geometry_panel_for_dk_two(lab):
    model, view, _, _ = lab
    model.update(d_k=2, heads=1, sentence="we read the map")
    geo = view.small.geometry
    assert view.small._extra_items == [geo.plot]
    d = model.small
    view.small.hover("weights", 2, 1)
    np.testing.assert_allclose(geo.query.tip, d.q[0][2])
    tips = {tuple(np.round(a.tip, 9)) for a in geo.keys if a.isVisible()}
    assert tips == {tuple(np.round(k, 9)) for k in d.k[0]}
    labels = [lab.text for lab in geo.key_labels if lab.isVisible()]
    assert any(f"{d.scores[0][2, 1]:+.2f}" in t for t in labels)


def test_export_png_and_svg(lab, tmp_path):
    _, view, _, _ = lab
    png = export_canvas(view.canvas(), tmp_path / "a.png", _px(600, 400))
    img = QImage(str(png))
    assert (img.width(), img.height()) == (600, 400)
    svg = export_canvas(view.canvas(), tmp_path / "a.svg")
    assert "<svg" in svg.read_text()


def test_large_mode_runs_on_worker_stays_responsive_and_cancels(lab, qtbot, monkeypatch):
    model, view, _, _ = lab
    real = lab_large.attention_overview
    started = threading.Event()

    def slowed(*args, progress=None, **kwargs):
        def slow(f):
            started.set()
            time.sleep(0.04)  # a slow machine: the computation takes seconds
            progress(f)
        return real(*args, progress=slow, **kwargs)

    monkeypatch.setattr(lab_large, "attention_overview", slowed)
    runner = TaskRunner()
    jobs = jobs_of(view)
    jobs.runner = runner
    try:
        model.update(mode="large", n=8192, h=1, d=32, causal=True)
        qtbot.waitUntil(lambda: jobs.handle is not None, timeout=3000)
        handle = jobs.handle
        assert handle is not None and handle.running
        assert started.wait(10)
        # The GUI thread handles input while the worker computes.
        view.softmax.logits.setFocus()
        view.softmax.logits.selectAll()
        qtbot.keyClicks(view.softmax.logits, "3, 1")
        qtbot.keyClick(view.softmax.logits, Qt.Key.Key_Return)
        assert model.state.logits == (3.0, 1.0)
        np.testing.assert_allclose(view.softmax.bars.opts["height"], [0.881, 0.119], atol=1e-3)
        assert handle.running and jobs.handle is handle  # same computation goes on
        qtbot.waitUntil(lambda: view.large.controls.progress.value() > 0, timeout=5000)
        qtbot.mouseClick(view.large.controls.cancel, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not handle.running, timeout=10000)
        assert handle.state == "cancelled"
        assert view.large.canvas.results["overview"] is None  # nothing was applied
        assert "Cancelled" in view.large.controls.report.text()
    finally:
        runner.shutdown()
        QApplication.processEvents()


def test_large_mode_result_arrives_from_worker(lab, qtbot):
    model, view, _, statuses = lab
    runner = TaskRunner()
    jobs_of(view).runner = runner
    try:
        model.update(mode="large", n=2048, h=2, d=16, causal=True)
        qtbot.waitUntil(lambda: view.large.canvas.results["overview"] is not None, timeout=10000)
        assert any(s.startswith("backend: numpy") and "overview 2048×2048" in s
                   for s in statuses)
    finally:
        runner.shutdown()
        QApplication.processEvents()


def test_zoom_asks_for_an_exact_window(lab, qtbot):
    model, view, intents, _ = lab
    model.update(mode="large", n=1024, h=1, d=16, causal=True)
    canvas = view.large.canvas
    qtbot.waitUntil(lambda: canvas.results["overview"] is not None, timeout=3000)
    canvas.vb.setRange(xRange=(100, 300), yRange=(400, 600), padding=0)
    qtbot.waitUntil(lambda: model.state.window is not None, timeout=3000)
    assert intents[-1][1] == {"window": (400, 600, 100, 300)}
    res = canvas.results["window"]
    assert res.job.kind == "tile" and res.image.shape == (200, 200)
    q, k = lab_large.load_head(model.large)
    _, w = attention(q, k, np.zeros((1024, 1), np.float32), causal=True)
    np.testing.assert_allclose(res.image, w[400:600, 100:300], atol=1e-6)
    assert canvas.describe(450, 120) == f"query 450, key 120: weight {w[450, 120]:.3g} (exact)"
    assert "hidden by the causal mask" in canvas.describe(10, 1000)  # from the overview
    model.update(window=None)
    assert canvas.results["window"] is None and not canvas._timer.isActive()


def test_scene_round_trip_through_the_app(lab, tmp_path):
    model, view, _, _ = lab
    model.update(causal=True, masked=[(3, 2)], temperature=0.7)
    view.set_option("cell_values", False)
    write_scene(tmp_path / "s.json", scene_of(lab_spec("attention"), model, view))
    checked = check_scene(read_scene(tmp_path / "s.json"))
    model2, view2 = build_lab(checked)
    try:
        assert model2.to_dict() == model.to_dict()
        assert view2.view_options() == view.view_options()
    finally:
        view2.close()
        view2.deleteLater()


def test_every_plot_of_the_small_canvas_stays_in_its_scene(lab):
    # A plot taken out of the layout used to leave the scene and belong to Python alone;
    # collected as garbage, it was torn down after its children's attributes were emptied
    # and Qt's size queries on them raised AttributeError (seen in soak runs).
    model, view, _, _ = lab
    canvas = view.small
    for changes in ({"d_k": 2, "heads": 3}, {"d_k": 4, "heads": 3}, {"heads": 1},
                    {"d_k": 2, "heads": 1}, {"d_k": 8, "heads": 4}):
        model.update(**changes)
        QApplication.processEvents()
        plots = [hm.plot for hm in (*canvas.maps.values(), *canvas.heads)]
        plots += [p for p in (canvas._x_map and canvas._x_map.plot,
                              canvas._geometry and canvas._geometry.plot) if p is not None]
        assert all(p.scene() is canvas.scene() for p in plots), changes
        shown = {id(p) for p in canvas._extra_items}
        assert all(p.isVisible() == (id(p) in shown) for p in plots
                   if p not in [hm.plot for hm in canvas.maps.values()]), changes


def _px(w, h, **kw):
    from app.figure_spec import FigureSpec, Length

    return FigureSpec(Length(w, "px"), Length(h, "px"), **kw)
