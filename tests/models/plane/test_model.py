"""The Plane model: validation keeps the old state, one notification per edit, geometry = NumPy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from models.core.evented import SceneError
from models.core.expr import EntryError
from models.linalg.matrix_facts import analyze
from models.plane.geometry import grid_segments, plane_geometry
from models.plane.model import PlaneModel, PlaneState
from models.plane.view_state import shown_geometry
from tests.models.linalg.eigen_reference import line_error, numpy_case, numpy_eigenpairs

entries = st.floats(min_value=-50, max_value=50, allow_nan=False, allow_infinity=False)
mats = arrays(np.float64, (2, 2), elements=entries)


def test_one_change_per_edit_and_arrays_are_read_only():
    m = PlaneModel()
    seen = []
    m.changed.connect(lambda model: seen.append(model.state))
    m.update(entry=(0, 1, "3/4"))
    assert len(seen) == 1
    assert m.matrix[0, 1] == 0.75 and m.state.texts[1] == "3/4"
    with pytest.raises(ValueError):
        m.matrix[0, 0] = 5.0  # arrays are replaced, never edited in place
    m.update(texts=("2", "1", "1", "2"), x=[1, 1])  # a batch is still one notification
    assert len(seen) == 2


@pytest.mark.parametrize("bad", ["1/0", "abc", "__import__('os')", "nan", "inf", "", "1e309"])
def test_refused_entry_keeps_state_and_emits_nothing(bad):
    m = PlaneModel()
    m.update(entry=(1, 0, "2"))
    before = m.state
    seen = []
    m.changed.connect(lambda model: seen.append(1))
    with pytest.raises(EntryError):
        m.update(entry=(0, 0, bad))
    assert m.state is before and not seen


def test_column_drag_keeps_other_texts():
    m = PlaneModel()
    m.update(texts=("cos(pi/6)", "-1/2", "1/2", "sqrt(3)/2"))
    m.update(column=(0, [2.0, 0.5]))
    assert m.state.texts == ("2", "-1/2", "0.5", "sqrt(3)/2")
    np.testing.assert_allclose(m.matrix, [[2, -0.5], [0.5, np.sqrt(3) / 2]])


def test_x_on_circle_is_unit_and_time_animates_from_identity():
    m = PlaneModel()
    m.update(x=[3, 4], x_on_circle=True)
    assert np.hypot(*m.state.x) == pytest.approx(1.0)
    m.update(texts=("2", "1", "1", "2"))
    np.testing.assert_array_equal(shown_geometry(m, 0.0).matrix, np.eye(2))
    np.testing.assert_allclose(shown_geometry(m, 0.5).matrix, [[1.5, 0.5], [0.5, 1.5]])
    np.testing.assert_allclose(m.facts.singular_values, [3, 1])  # facts stay A's


@settings(max_examples=80, deadline=None)
@given(mats)
def test_geometry_matches_numpy(check_singular_values, a):
    g = plane_geometry(a)
    s = check_singular_values(g.singular_values, a)
    # the semi-axes σᵢuᵢ are A vᵢ
    for i in range(2):
        np.testing.assert_allclose(g.semi_axes[i], a @ g.vt[i], atol=1e-9 * max(1, s[0]))
    # ellipse points are images of unit vectors
    np.testing.assert_allclose(g.square[1], a[:, 0])
    np.testing.assert_allclose(g.square[2], a[:, 0] + a[:, 1])
    assert g.det == pytest.approx(np.linalg.det(a), abs=1e-9 * max(1, s[0]) ** 2)
    for lam, v in g.eigenlines:
        np.testing.assert_allclose(a @ v, lam * v, atol=1e-6 * max(1, s[0]))
        assert np.hypot(*v) == pytest.approx(1.0)


def test_ellipse_points_lie_on_the_image_of_the_circle():
    a = np.array([[2.0, 1.0], [0.5, 1.0]])
    g = plane_geometry(a)
    pre = np.linalg.solve(a, g.ellipse.T)
    np.testing.assert_allclose(np.hypot(*pre), 1.0)


@pytest.mark.parametrize(("a", "case", "lines"), [
    ([[2, 1], [1, 2]], "distinct", 2),
    ([[2, 0], [0, 2]], "repeated", 0),
    ([[1, 1], [0, 1]], "defective", 1),
    ([[0, -1], [1, 0]], "complex", 0),
    ([[1, 2], [2, 4]], "distinct", 2),
    # near-repeated but symmetric: two perpendicular lines, never "defective"
    ([[1, 0], [0, 1.000001]], "distinct", 2),
    ([[1, 1e-7], [1e-7, 1]], "distinct", 2),
    ([[1e6, 1], [0, 1e6]], "defective", 1),  # a Jordan block however large λ is
    ([[1, 1e-12], [0, 1]], "defective", 1),  # a shear of 1e-12 is still a shear
])
def test_eigen_cases(a, case, lines):
    a = np.asarray(a, dtype=float)
    g = plane_geometry(a)
    assert g.eigen_case == case and len(g.eigenlines) == lines
    # NumPy's eigvals and svd see the same case, and the inspector's flag says it
    assert numpy_case(a) == case
    assert analyze(a).defective == (case == "defective")
    # the eigenvalues are NumPy's, and each line drawn is on NumPy's eigen-line
    w, _ = numpy_eigenpairs(a)
    order = np.lexsort((-w.imag, -w.real))
    np.testing.assert_allclose(g.eigenvalues, w[order], rtol=1e-7, atol=1e-12)
    for lam, v in g.eigenlines:
        assert line_error(a, lam, v) <= 1e-6


def test_near_repeated_symmetric_eigenlines_keep_the_sign_convention():
    g = plane_geometry([[1, 0], [0, 1.000001]])
    (l1, v1), (l2, v2) = g.eigenlines
    assert (l1, l2) == pytest.approx((1.000001, 1.0), abs=1e-15)
    np.testing.assert_array_equal(v1, [0, 1])
    np.testing.assert_array_equal(v2, [1, 0])  # not (−1, 0)


@pytest.mark.parametrize("scale", [1e-200, 1e-150, 1.0, 1e150])
def test_tiny_and_huge_maps_keep_orientation_and_exact_det(scale):
    assert plane_geometry(np.eye(2) * scale).orientation == 1
    assert plane_geometry(np.array([[0.0, 1], [1, 0]]) * scale).orientation == -1
    assert plane_geometry([[2, 1], [3, 4]]).det == 5.0


def test_complex_case_reports_rotation_and_scale():
    g = plane_geometry([[1, -1], [1, 1]])
    assert g.rotation_scale == pytest.approx(np.sqrt(2))
    assert g.rotation_angle == pytest.approx(np.pi / 4)


def test_orientation_and_probe():
    assert plane_geometry([[0, 1], [1, 0]]).orientation == -1
    assert plane_geometry([[1, 2], [2, 4]]).orientation == 0
    g = plane_geometry([[2, 1], [1, 2]])
    ax, parallel, ratio = g.probe([1, 1])
    assert parallel and ratio == pytest.approx(3.0)
    np.testing.assert_allclose(ax, [3, 3])
    assert not g.probe([1, 0])[1]


def test_grid_segments_are_mapped_lines():
    a = np.array([[1.0, 0.5], [0.0, 2.0]])
    seg = grid_segments(a, 2)
    assert seg.shape == (10, 2, 2)
    np.testing.assert_allclose(seg[0], [a @ [-2, -2], a @ [-2, 2]])


def test_scene_round_trip_and_refusals():
    m = PlaneModel()
    m.update(texts=("cos(pi/6)", "-1/2", "1/2", "sqrt(3)/2"), x=[0.3, 0.4], p=float("inf"))
    state = PlaneModel.state_from_dict(m.to_dict())
    assert state.texts == m.state.texts and state.p == float("inf")
    np.testing.assert_array_equal(state.matrix, m.matrix)
    for bad in [{"entries": [["1", "0"]]}, {"entries": [["1", "0"], ["0", "1/0"]]},
                {"entries": [["1", "0"], ["0", "1"]], "x": [1, "a"]},
                {"entries": [["1", "0"], ["0", "1"]], "p": -1}, [], {"entries": "I"}]:
        with pytest.raises(SceneError):
            PlaneModel.state_from_dict(bad)


def test_state_defaults_are_identity():
    s = PlaneState()
    np.testing.assert_array_equal(s.matrix, np.eye(2))


@pytest.mark.parametrize("p", [1e-9, 0.05, 1000.0, -1.0, float("nan")])
def test_p_outside_the_drawable_range_is_refused(p):
    m = PlaneModel()
    with pytest.raises(ValueError, match="p must lie"):
        m.update(p=p)
    assert m.state.p == 2.0


def test_x_on_circle_must_be_a_boolean_in_a_scene():
    with pytest.raises(SceneError, match="x_on_circle"):
        PlaneModel.state_from_dict({"entries": [["1", "0"], ["0", "1"]], "x_on_circle": "no"})


def test_moving_x_reuses_what_was_derived_from_the_matrix(monkeypatch):
    import models.plane.model as plane_mod

    m = PlaneModel()
    m.update(texts=("2", "1", "1", "2"))
    calls = []
    real = plane_mod.analyze
    monkeypatch.setattr(plane_mod, "analyze", lambda *args: calls.append(1) or real(*args))
    facts, geometry = m.facts, m.geometry
    m.update(x=[0.1, 0.9])
    m.update(p=3.0)
    assert calls == [] and m.facts is facts and m.geometry is geometry
    m.update(x=[0.2, 0.8])  # mid-animation: the picture is of (1−t)I + tA
    np.testing.assert_allclose(shown_geometry(m, 0.5).matrix, [[1.5, 0.5], [0.5, 1.5]])
    assert calls == []
    m.update(entry=(0, 0, "3"))
    assert calls and m.facts.det == pytest.approx(5.0)


@pytest.mark.parametrize("x", [(1e308, 0.0), (0.0, -2.0**64), (1.000001e6, 0.0)])
def test_x_beyond_1e6_is_refused_and_the_state_kept(refused, x):
    refused(PlaneModel(), "x: components above 1e6", x=x)


def test_a_scene_with_a_huge_x_is_refused():
    data = PlaneModel().to_dict()
    data["x"] = [-1e308, 1.0]
    with pytest.raises(SceneError, match="1e6"):
        PlaneModel.state_from_dict(data)


def test_derived_state_holds_what_the_views_draw_at_any_time():
    m = PlaneModel()
    m.update(texts=("1", "2", "-3", "1"), x=[0.5, -2.0])
    a = np.array([[1.0, 2.0], [-3.0, 1.0]])
    np.testing.assert_array_equal(m.ax, a @ [0.5, -2.0])  # A x, for the view's range
    assert shown_geometry(m, 1.0) is m.geometry  # not animating: A's own geometry
    for t in (0.0, 0.3, 0.8):
        g = shown_geometry(m, t)
        shown = t * a + (1 - t) * np.eye(2)
        # the picture is of the matrix at time t ...
        np.testing.assert_allclose(g.singular_values,
                                   np.linalg.svd(shown, compute_uv=False), rtol=1e-12)
        np.testing.assert_allclose(sorted(g.eigenvalues, key=lambda z: z.imag),
                                   sorted(np.linalg.eigvals(shown), key=lambda z: z.imag),
                                   rtol=1e-12)
        # ... while what the inspector describes, and A x, stay A's
        np.testing.assert_allclose(sorted(m.geometry.eigenvalues, key=lambda z: z.imag),
                                   sorted(np.linalg.eigvals(a), key=lambda z: z.imag),
                                   rtol=1e-12)
        assert m.geometry.eigen_case == "complex"
        np.testing.assert_array_equal(m.ax, a @ [0.5, -2.0])
    m.update(x=[1.0, 0.0])  # mid-animation: x moves, A's derivations are kept
    np.testing.assert_array_equal(m.ax, a[:, 0])
