"""The Space model and its geometry, checked against NumPy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from models.core.evented import SceneError
from models.core.expr import EntryError
from models.space.camera import faces_holding, flat_outline, mesh_sides, view_rotation
from models.space.geometry import CUBE_VERTICES, embed, signed_volume, space_geometry
from models.space.model import SpaceModel, scene_radius
from models.space.subspaces import least_squares, null_space, right_angle_mark

entries = st.floats(min_value=-20, max_value=20, allow_nan=False, allow_infinity=False,
                    allow_subnormal=False)
mats3 = arrays(np.float64, (3, 3), elements=entries)
mats32 = arrays(np.float64, (3, 2), elements=entries)
mats23 = arrays(np.float64, (2, 3), elements=entries)


def _texts(a):
    return [repr(float(v)) for v in np.asarray(a).ravel()]


@settings(max_examples=40, deadline=None)
@given(mats3)
def test_parallelepiped_and_signed_volume(a):
    g = space_geometry(a)
    np.testing.assert_allclose(g.solid, CUBE_VERTICES @ a.T, atol=1e-12)
    scale = max(1.0, float(np.max(np.abs(a)))) ** 3
    triple = a[:, 0] @ np.cross(a[:, 1], a[:, 2])
    assert g.volume == pytest.approx(triple, abs=1e-9 * scale)
    assert signed_volume(a) == pytest.approx(np.linalg.det(a), abs=1e-9 * scale)
    # Outward normals point away from the solid's centre (for a solid that is not flat).
    if g.orientation:
        centre = g.solid.mean(axis=0)
        assert np.all(np.einsum("ij,ij->i", g.face_centroids - centre, g.face_normals)
                      >= -1e-9)


def test_volume_sign_and_collapse():
    assert space_geometry(np.diag([1.0, 1, -2])).orientation == -1
    g = space_geometry([[1, 0, 1], [0, 1, 1], [1, 1, 2]])
    assert g.orientation == 0 and "volume collapses: det = 0" in g.notes
    assert g.outline is not None and len(g.outline) == 6  # the cube lands on a hexagon
    g = space_geometry(np.diag([2.0, 1, 0.5]))
    assert g.volume == pytest.approx(1.0) and g.outline is None
    # Nearly flat is not flat: det = 1 is said, as the inspector's rank 3 says.
    g = space_geometry(np.diag([1e4, 1e-4, 1.0]))
    assert g.orientation == 1 and g.volume == pytest.approx(1.0) and not g.notes


@settings(max_examples=40, deadline=None)
@given(mats3)
def test_ellipsoid_semi_axes_and_mesh(check_singular_values, a):
    g = space_geometry(a)
    s = check_singular_values(g.singular_values, a)
    u, _, _ = np.linalg.svd(a)
    round_ball = s[0] - s[2] <= 1e-9 * s[0]
    assert g.semi_axes.shape[0] == (0 if round_ball else np.linalg.matrix_rank(a))
    for k, axis in enumerate(g.semi_axes):
        assert np.linalg.norm(axis) == pytest.approx(s[k], rel=1e-9)
        # σᵢuᵢ up to the sign of uᵢ (and to rotation inside repeated σ)
        if (k == 0 or s[k - 1] - s[k] > 1e-6 * s[0]) and (k == 2 or s[k] - s[k + 1] > 1e-6 * s[0]):
            assert abs(abs(axis @ u[:, k]) - s[k]) <= 1e-7 * max(1.0, s[0])
    if np.linalg.cond(a) < 1e8:
        pts = g.mesh[~np.isnan(g.mesh[:, 0])]
        np.testing.assert_allclose(np.linalg.norm(np.linalg.solve(a, pts.T), axis=0), 1.0,
                                   rtol=1e-6)


@pytest.mark.parametrize("scale", [1e-200, 1e-100, 1e4])
def test_tiny_and_huge_maps_keep_their_picture(scale):
    a = np.array([[0.0, 1, 0], [1, 0, 0], [0, 0, 2]])  # det = −2: orientation flipped
    g = space_geometry(scale * a, b=None)
    assert g.orientation == -1 and len(g.eigen) == 3
    for arr in (g.solid, g.mesh[~np.isnan(g.mesh[:, 0])], g.semi_axes, g.face_normals):
        assert np.all(np.isfinite(arr))
    np.testing.assert_allclose(g.solid / scale, CUBE_VERTICES @ a.T)


def test_a_round_ball_has_no_preferred_axes():
    c, s = np.cos(0.3), np.sin(0.3)
    assert space_geometry(2 * np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])).semi_axes.size == 0
    assert space_geometry(np.zeros((3, 3))).semi_axes.size == 0


def test_mesh_front_half_faces_the_viewer():
    g = space_geometry(np.diag([2.0, 1, 0.5]))
    r = view_rotation(35, 22)
    front, back = mesh_sides(g.mesh, g.mesh_normals, r)
    ok = ~np.isnan(front[:, 0])
    assert ok.sum() > 100 and (~np.isnan(back[:, 0])).sum() > 100
    # Points on the front half lie on the viewer's side of the ellipsoid's silhouette.
    assert np.all(g.mesh_normals[ok] @ r[2] >= 0)


def test_flat_ellipsoid_is_its_outline():
    g = space_geometry([[1, 0, 1], [0, 1, 1]])
    assert g.mesh_normals is None and g.semi_axes.shape == (2, 3)
    # The image of the unit ball under a rank-2 map is the ellipse with semi-axes σ₁u₁, σ₂u₂.
    u, s, _ = np.linalg.svd(embed([[1, 0, 1], [0, 1, 1]]))
    coords = g.mesh @ u[:, :2] / s[:2]
    np.testing.assert_allclose(np.linalg.norm(coords, axis=1), 1.0, atol=1e-12)


@pytest.mark.parametrize("a, lams", [
    (np.diag([2.0, 1, 0.5]), [2, 1, 0.5]),
    ([[2, 1, 0], [1, 2, 0], [0, 0, 3]], [3, 3, 1]),
    ([[1, 0, 0.75], [0, 1, 0.75], [0, 0, 1]], [1, 1]),  # defective: a plane, not a space
    (np.eye(3), [1, 1, 1]),
])
def test_eigen_lines_satisfy_av_equals_lambda_v(a, lams):
    a = np.asarray(a, dtype=float)
    g = space_geometry(a)
    assert sorted(e.value for e in g.eigen) == pytest.approx(sorted(lams))
    for e in g.eigen:
        assert np.linalg.norm(e.direction) == pytest.approx(1.0)
        np.testing.assert_allclose(a @ e.direction, e.value * e.direction, atol=1e-9)


def test_complex_pair_is_named_and_the_axis_is_the_real_line():
    c, s = np.cos(0.5), np.sin(0.5)
    g = space_geometry([[c, -s, 0], [s, c, 0], [0, 0, 1]])
    assert len(g.eigen) == 1 and len(g.complex_eigen) == 1
    np.testing.assert_allclose(np.abs(g.eigen[0].direction), [0, 0, 1], atol=1e-12)
    assert any(n.startswith("complex pair λ = ") for n in g.notes)
    assert space_geometry([[1, 0, 0.75], [0, 1, 0.75], [0, 0, 1]]).notes[-1].endswith(
        "2 eigen-directions")


_P = np.array([[1.0, 2, 0], [0, 1, 1], [1, 0, 1]])
_JORDAN3 = _P @ np.array([[2.0, 1, 0], [0, 2, 1], [0, 0, 2]]) @ np.linalg.inv(_P)


def test_split_triple_root_is_one_real_defective_line():
    # NumPy's eigenvalues of this P·J₃(2)·P⁻¹ are 1.999996 ± 6.6e-6i and 2.000008: a triple
    # root split by rounding, not a turning plane.
    g = space_geometry(_JORDAN3)
    assert g.complex_eigen == [] and not any("complex pair" in n for n in g.notes)
    (e,) = g.eigen
    assert e.value == pytest.approx(2.0, abs=1e-9) and e.space_dim == 1
    np.testing.assert_allclose(e.direction, np.array([1, 0, 1]) / np.sqrt(2), atol=1e-9)
    assert "λ = 2 is defective: 3 times a root, 1 eigen-direction" in g.notes


@pytest.mark.parametrize(("diag", "values", "dims", "note"), [
    ([1, 1.001, 2], [2, 1.001, 1], [1, 1, 1], None),
    ([1, 1.000001, 2], [2, 1.000001, 1], [1, 1, 1], None),  # close, yet distinct
    ([1, 1, 2], [2, 1, 1], [1, 2, 2], "λ = 1: a whole plane of eigenvectors"),
    ([3, 3, 3], [3, 3, 3], [3, 3, 3], "every vector is an eigenvector (λ = 3)"),
])
def test_diagonal_eigen_lines(diag, values, dims, note):
    g = space_geometry(np.diag(diag))
    assert [e.value for e in g.eigen] == pytest.approx(values, abs=1e-15)
    assert [e.space_dim for e in g.eigen] == dims
    assert not any("defective" in n for n in g.notes)
    assert (note in g.notes) if note else not g.notes


@settings(max_examples=40, deadline=None)
@given(mats23)
def test_null_space_of_a_2x3(a):
    n = null_space(a)
    rank = np.linalg.matrix_rank(a)
    assert n.shape == (3 - rank, 3)
    if n.size:
        np.testing.assert_allclose(n @ n.T, np.eye(n.shape[0]), atol=1e-9)
        np.testing.assert_allclose(a @ n.T, 0.0, atol=1e-8 * max(1.0, np.abs(a).max()))


def test_2x3_press_draws_the_null_line_and_presses_onto_the_floor():
    a = np.array([[1.0, 2, 3], [4, 5, 6]])
    g = space_geometry(a)
    d = g.null_dirs[0]
    np.testing.assert_allclose(np.abs(d), np.abs([1, -2, 1]) / np.sqrt(6), atol=1e-12)
    np.testing.assert_allclose(a @ d, 0, atol=1e-12)
    assert "null space: every point on this line maps to 0" in g.notes
    np.testing.assert_allclose(g.solid[:, 2], 0)  # the image lies in the plane z = 0
    np.testing.assert_allclose(g.solid[:, :2], CUBE_VERTICES @ a.T)
    half = space_geometry(a, t=0.5)
    assert half.orientation != 0 and half.solid[:, 2].max() == pytest.approx(0.5)


@settings(max_examples=40, deadline=None)
@given(mats32, arrays(np.float64, (3,), elements=entries))
def test_least_squares_residual_is_perpendicular_to_the_columns(a, b):
    # p ∈ column space (p = Ax̂) and r = b − p ⟂ columns: together, p is the projection.
    xhat, p, r = least_squares(a, b)
    sa = max(float(np.abs(a).max()), 1e-300)
    sb = max(1.0, float(np.abs(b).max()))
    assert np.all(np.isfinite(p)) and np.all(np.isfinite(r))
    np.testing.assert_allclose(p + r, b, rtol=0, atol=1e-12 * sb)
    np.testing.assert_allclose((a / sa).T @ r, 0.0, atol=1e-9 * sb)
    if np.all(np.abs(xhat) < 1e150):  # Ax̂ carries rounding of size ε·|A|·|x̂|
        np.testing.assert_allclose(a @ xhat, p, rtol=0,
                                   atol=1e-12 * (sb + sa * float(np.abs(xhat).max())))
    ref, _, rank, sv = np.linalg.lstsq(a / sa, b, rcond=None)
    # Either residual carries an error of about κ·ε·|b| (κ = σ₁/σ_rank): for nearly parallel
    # columns (κ = 1e12) b in their plane leaves |r| ≈ 1e-4 in both, not 0.
    kappa = sv[0] / sv[rank - 1] if rank else 1.0
    np.testing.assert_allclose(np.linalg.norm(r), np.linalg.norm(b - (a / sa) @ ref),
                               atol=(1e-9 + 10 * kappa * np.finfo(float).eps) * sb)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from([1e-300, 1e-150, 1.0, 1e4]))
def test_least_squares_survives_tiny_and_huge_columns(s):
    a = s * np.array([[1.0, 0], [1, 1], [1, 2]])
    _, p, r = least_squares(a, [6.0, 0, 0])
    np.testing.assert_allclose(p, [5, 2, -1], atol=1e-12)
    np.testing.assert_allclose(r, [1, -2, 1], atol=1e-12)


def test_least_squares_course_example_and_right_angle_mark():
    a = np.array([[1.0, 0], [1, 1], [1, 2]])
    g = space_geometry(a, b=[6, 0, 0])
    xhat, p, r = g.lsq.xhat, g.lsq.p, g.lsq.r
    assert g.lsq.residual_norm == pytest.approx(np.sqrt(6))
    m = g.lsq.mark
    assert (m[0] - p) @ (m[2] - p) == pytest.approx(0, abs=1e-12)
    np.testing.assert_allclose(xhat, [5, -3], atol=1e-12)
    np.testing.assert_allclose(p, [5, 2, -1], atol=1e-12)
    np.testing.assert_allclose(r, [1, -2, 1], atol=1e-12)
    mark = right_angle_mark(p, r, -p, 0.3)
    side1, side2 = mark[0] - p, mark[2] - p
    assert side1 @ side2 == pytest.approx(0, abs=1e-12)
    assert np.linalg.norm(side1) == pytest.approx(0.3) and a.T @ side2 == pytest.approx(0)
    # The column-space patch spans the columns.
    q = g.col_basis
    np.testing.assert_allclose(q @ q.T, np.eye(2), atol=1e-12)
    np.testing.assert_allclose(a - q.T @ (q @ a), 0, atol=1e-12)


def test_3x2_maps_the_unit_square_and_finds_parallel_columns():
    a = np.array([[1.0, 0], [0, 1], [1, 1]])
    g = space_geometry(a)
    np.testing.assert_allclose(g.solid, [[0, 0, 0], a[:, 0], a[:, 0] + a[:, 1], a[:, 1]])
    assert g.volume == pytest.approx(np.linalg.norm(np.cross(a[:, 0], a[:, 1])))
    parallel = np.array([[1.0, 2], [1, 2], [1, 2]])
    flat = space_geometry(parallel)
    assert "the columns are parallel: the plane lands on a line" in flat.notes
    assert flat.null_dirs.shape == (1, 3) and flat.null_dirs[0, 2] == 0
    np.testing.assert_allclose(parallel @ flat.null_dirs[0, :2], 0, atol=1e-12)


def test_faces_holding_finds_the_faces_along_an_edge():
    a = np.diag([2.0, 1, 0.5])
    g = space_geometry(a)
    corners = [g.solid[list(f)] for f in g.faces]
    assert len(faces_holding(np.zeros(3), a[:, 0], corners, g.face_normals)) == 2
    assert faces_holding(np.zeros(3), [1.0, 0.5, 0.25], corners, g.face_normals) == []


def test_flat_outline_of_collinear_points():
    pts = np.outer([0, 1, 2, 3], [1.0, 2, 3])
    np.testing.assert_allclose(flat_outline(pts), [[0, 0, 0], [3, 6, 9]])


@settings(max_examples=30, deadline=None)
@given(mats3, st.floats(0, 1))
def test_every_animation_frame_fits_the_scene_radius(a, t):
    radius = scene_radius(a)
    g = space_geometry(a, t)
    assert np.max(np.linalg.norm(g.solid, axis=1)) <= radius * (1 + 1e-9)


# -- the model ---------------------------------------------------------------------------------
def test_one_change_per_edit_and_refusals_keep_the_state():
    m = SpaceModel()
    seen = []
    m.changed.connect(lambda model: seen.append(1))
    m.update(entry=(0, 2, "3/4"))
    assert len(seen) == 1 and m.matrix[0, 2] == 0.75 and m.state.texts[2] == "3/4"
    with pytest.raises(ValueError):
        m.matrix[0, 0] = 5.0
    before = m.state
    for bad in ({"entry": (0, 0, "1/0")}, {"entry": (3, 0, "1")}, {"x_entry": (0, "abc")},
                {"b": [1, 2]}, {"shape": (2, 2)}, {"entry": (0, 0, "2e4")}, {"zoom": 2}):
        with pytest.raises(ValueError):
            m.update(**bad)
    assert m.state is before and len(seen) == 1
    with pytest.raises(EntryError, match="a11"):
        m.prepare(entry=(0, 0, "sqrt(-1)"))


def test_shape_switch_keeps_overlapping_entries_and_resizes_x():
    m = SpaceModel()
    m.update(texts=_texts(np.arange(1, 10)))
    m.update(shape=(3, 2))
    assert m.shape == (3, 2) and m.state.texts == ("1.0", "2.0", "4.0", "5.0", "7.0", "8.0")
    assert m.state.x.shape == (2,)
    m.update(shape=(2, 3))
    assert m.state.texts == ("1.0", "2.0", "0", "4.0", "5.0", "0")
    assert m.state.x.shape == (3,)
    m.update(x=[0, 0, 0])
    m.update(entry=(0, 0, "2"))
    np.testing.assert_array_equal(m.state.x, 0)  # a zero probe stays zero


def test_scene_round_trip():
    m = SpaceModel()
    m.update(shape=(3, 2), texts=["1", "0", "1", "1", "1", "2"], b=[6, 0, 0], x=[5, -3])
    doc = m.to_dict()
    assert "camera" not in doc  # the camera is the view's (models.space.view_state)
    m2 = SpaceModel(SpaceModel.state_from_dict(doc))
    assert m2.to_dict() == doc
    np.testing.assert_array_equal(m2.matrix, m.matrix)
    np.testing.assert_array_equal(m2.state.b, [6, 0, 0])


@pytest.mark.parametrize("bad", [
    [], {"entries": [["1", "0"], ["0", "1"]]}, {"entries": [["1", "0", "0"], ["0", "1"]]},
    {"entries": [["1", "0"], ["0", "1"], ["x", "1"]]}, {"entries": [[True, 0], [0, 1], [0, 0]]},
    {"entries": [[1, 0], [0, 1], [0, 0]], "x": [1, 2, 3]},
])  # a bad camera is the view state's to refuse (see test_view_state.py)
def test_bad_scenes_are_refused(bad):
    with pytest.raises(SceneError):
        SpaceModel.state_from_dict(bad)
