"""Projection lab model: dot facts, projections and least squares against NumPy; scenes."""

import json
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from models.core.evented import SceneError
from models.core.numfmt import format_value
from models.projection.model import (
    ZERO_A_MESSAGE,
    ProjectionModel,
    angle_arc,
    column_space_projector,
    dot_facts,
    project,
    project_onto_columns,
    projection_matrix,
    right_angle_mark,
)

# Ordinary, tiny and huge magnitudes, and exact zeros. Subnormals are left out: a shadow
# below 1e-308 is not representable, so no residual there can be exactly perpendicular.
scalars = st.one_of(
    st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False, allow_subnormal=False),
    st.floats(-1e-150, 1e-150, allow_nan=False, allow_infinity=False, allow_subnormal=False),
    st.floats(-1e150, 1e150, allow_nan=False, allow_infinity=False, allow_subnormal=False),
    st.just(0.0),
)
vec2 = arrays(np.float64, 2, elements=scalars)


def _ref_cos(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


# -- dot facts ----------------------------------------------------------------------------------
def test_dot_facts_of_the_course_example():
    f = dot_facts([3, 4], [1, 0])
    assert f.dot == 3 and f.norm_a == 5 and f.norm_b == 1
    assert f.cos == pytest.approx(0.6) and f.cosine_similarity == f.cos
    assert f.angle_deg == pytest.approx(math.degrees(math.acos(0.6)))
    assert f.norm_product * f.cos == pytest.approx(f.dot)
    assert f.kind == "acute"


@pytest.mark.parametrize("b, kind, angle", [((1, 1), "acute", 45), ((0, 2), "right", 90),
                                            ((-1, 1), "obtuse", 135), ((-3, 0), "obtuse", 180),
                                            ((5, 0), "acute", 0)])
def test_kind_and_angle(b, kind, angle):
    f = dot_facts([2, 0], b)
    assert f.kind == kind
    assert f.angle_deg == pytest.approx(angle, abs=1e-12)


def test_zero_vector_has_no_angle():
    f = dot_facts([0, 0], [1, 2])
    assert f.kind == "zero" and f.cos is None and f.angle_deg is None and f.dot == 0


def test_dot_facts_general_length_and_mismatch():
    f = dot_facts([1, 2, 3], [4, 5, 6])
    assert f.dot == 32
    assert f.cos == pytest.approx(_ref_cos(np.array([1, 2, 3.]), np.array([4, 5, 6.])))
    with pytest.raises(ValueError, match="equal lengths"):
        dot_facts([1, 2], [1, 2, 3])


@settings(max_examples=200, deadline=None)
@given(vec2, vec2)
@example(np.zeros(2), np.array([1.0, 2.0]))
@example(np.array([1e-300, 0.0]), np.array([0.0, 1e300]))
def test_dot_facts_against_numpy(a, b):
    f = dot_facts(a, b)
    if not np.any(a) or not np.any(b):
        assert f.kind == "zero" and f.cos is None
        return
    assert -1.0 <= f.cos <= 1.0 and 0.0 <= f.angle_deg <= 180.0
    ea, eb = a / np.max(np.abs(a)), b / np.max(np.abs(b))
    ref = _ref_cos(ea, eb)
    assert f.cos == pytest.approx(ref, abs=1e-12)
    assert math.cos(math.radians(f.angle_deg)) == pytest.approx(ref, abs=1e-9)
    assert f.kind == ("right" if abs(ref) <= 1e-9 else "acute" if ref > 0 else "obtuse")
    assert f.norm_a == pytest.approx(np.linalg.norm(ea) * np.max(np.abs(a)), rel=1e-12)


def _exact_dot(a, b) -> Fraction:
    return sum((Fraction(float(x)) * Fraction(float(y)) for x, y in zip(a, b, strict=True)),
               Fraction(0))


@pytest.mark.parametrize(("a", "b", "dot", "kind"), [
    ([1e200, 1e200], [1e200, 1e200], "2e+400", "acute"),  # overflows a double
    ([1e200, 1e200], [-1e200, -1e200], "-2e+400", "obtuse"),
    ([1e-200, 1e-200], [1e-200, 1e-200], "2e-400", "acute"),  # underflows a double
    ([1e-200, 0], [-3e-200, 1e-200], "-3e-400", "obtuse"),
    ([1e-200, 0], [-3e-200, 5], "-3e-400", "right"),  # cos θ = −6e-201
    ([1e200, 1e200], [1e200, -1e200], "0", "right"),  # inf − inf unscaled
])
def test_dot_beyond_a_double_keeps_its_sign_and_size(a, b, dot, kind):
    f = dot_facts(a, b)
    assert f.kind == kind
    assert f.dot_text() == dot  # never "0" beside "acute", never inf or nan for a 0
    assert f.dot_sign == (dot[0] != "0") * (-1 if dot[0] == "-" else 1)
    top = max(abs(x) for x in a)
    assert f.norm_a == pytest.approx(np.linalg.norm(np.array(a) / top) * top, rel=1e-15)
    assert f.cos == pytest.approx(float(_exact_dot(a, b) / (Fraction(f.norm_a)
                                                             * Fraction(f.norm_b))), abs=1e-15)


def test_a_representable_dot_is_finite_and_exact():
    f = dot_facts([1e200, 1e-200], [1e-200, 1e200])
    assert f.dot == 2.0 and f.dot_text() == "2"
    f = dot_facts([1e300, 1e300], [1e-300, -2e-300])  # cancels to −1 after the scale
    assert f.dot == pytest.approx(-1.0, rel=1e-15) and f.kind == "obtuse"
    # a right angle to the last bit: cos is exactly 0, not 1.26e-17
    f = dot_facts([2, 1], [-1, 2])
    assert f.dot == 0 and f.cos == 0 and f.kind == "right"


@settings(max_examples=300, deadline=None)
@given(vec2, vec2, st.integers(-900, 900))
def test_dot_sign_and_value_are_exact(a, b, k):
    with np.errstate(over="ignore"):
        b = b * 2.0**k if np.all(np.isfinite(b * 2.0**k)) else b
    f = dot_facts(a, b)
    exact = _exact_dot(a, b)
    assert f.dot_sign == (exact > 0) - (exact < 0)
    try:
        want = float(exact)  # exact rational → nearest double (0 or subnormal below range)
    except OverflowError:
        want = math.inf if exact > 0 else -math.inf
    assert f.dot == want
    if f.dot_sign and want not in (0.0, math.inf, -math.inf) and abs(want) >= 2.3e-308:
        assert f.dot_text(12) == format_value(want, 12)
    if f.kind != "zero":
        assert f.kind == "right" or (f.kind == "acute") == (exact > 0)


# -- projection onto a line ---------------------------------------------------------------------
def test_project_examples():
    p, r = project([2, 1], [1, 0])
    np.testing.assert_array_equal(p, [2, 0])
    np.testing.assert_array_equal(r, [0, 1])
    p, r = project([-2, 1], [1, 1])  # obtuse: the shadow falls behind a
    np.testing.assert_allclose(p, [-0.5, -0.5])
    np.testing.assert_allclose(projection_matrix([1, 1]), [[0.5, 0.5], [0.5, 0.5]])


def test_zero_a_projects_to_zero_without_nan():
    p, r = project([1, 2], [0, 0])
    np.testing.assert_array_equal(p, [0, 0])
    np.testing.assert_array_equal(r, [1, 2])
    np.testing.assert_array_equal(projection_matrix([0, 0]), np.zeros((2, 2)))
    model = ProjectionModel()
    model.update(a=[0, 0])
    assert model.message == ZERO_A_MESSAGE and model.coefficient is None
    assert np.all(np.isfinite(model.matrix)) and model.idempotent


@settings(max_examples=200, deadline=None)
@given(vec2, vec2)
@example(np.zeros(2), np.array([1.0, -2.0]))  # a = 0
@example(np.array([1e-300, 3e-300]), np.array([2e300, -1e300]))  # tiny a, huge b
@example(np.array([1e300, 1e300]), np.array([1e-300, 0.0]))  # huge a, tiny b
def test_projection_idempotent_and_residual_orthogonal(a, b):
    p, r = project(b, a)
    P = projection_matrix(a)
    assert np.all(np.isfinite(p)) and np.all(np.isfinite(r)) and np.all(np.isfinite(P))
    np.testing.assert_allclose(P @ P, P, atol=1e-14)
    np.testing.assert_allclose(P, P.T, atol=0)
    if not np.any(a):
        np.testing.assert_array_equal(r, b)
    scale_b = float(np.max(np.abs(b))) if np.any(b) else 1.0
    np.testing.assert_allclose(p + r, b, rtol=0, atol=1e-14 * scale_b)
    if np.any(a) and np.any(b):
        ea = a / np.max(np.abs(a))
        ea = ea / np.linalg.norm(ea)
        # r ⟂ a relative to |b|, and P b = p.
        assert abs(float((r / scale_b) @ ea)) <= 1e-12
        np.testing.assert_allclose(P @ (b / scale_b), p / scale_b, atol=1e-12)


# -- least squares ------------------------------------------------------------------------------
entries = st.floats(-100, 100, allow_nan=False, allow_infinity=False, allow_subnormal=False)


@settings(max_examples=150, deadline=None)
@given(arrays(np.float64, (3, 2), elements=entries), arrays(np.float64, 3, elements=entries))
def test_least_squares_residual_perpendicular_to_columns(m, b):
    # x̂ of a nearly zero M is truly astronomically large; tiny M is tested separately.
    assume(np.min(np.linalg.norm(m, axis=0)) > 1e-6)
    assume(np.linalg.matrix_rank(m) == 2 and np.linalg.cond(m) < 1e8)
    ls = project_onto_columns(m, b)
    ref, *_ = np.linalg.lstsq(m, b, rcond=None)
    scale = max(1.0, float(np.max(np.abs(b))))
    np.testing.assert_allclose(ls.x_hat, ref, atol=1e-6 * scale * np.linalg.cond(m))
    np.testing.assert_allclose(ls.projection, m @ ls.x_hat, atol=1e-8 * scale)
    assert ls.rank == 2 and ls.unique
    col_norms = np.linalg.norm(m, axis=0)
    assert np.all(np.abs(m.T @ ls.residual) <= 1e-10 * scale * col_norms + 1e-300)


def test_least_squares_rank_deficient_gives_least_length_solution():
    m = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])  # second column = 2 × first
    b = np.array([1.0, 2.0, 4.0])
    ls = project_onto_columns(m, b)
    assert ls.rank == 1 and not ls.unique
    np.testing.assert_allclose(ls.x_hat, np.linalg.pinv(m) @ b, atol=1e-12)
    np.testing.assert_allclose(m.T @ ls.residual, 0, atol=1e-12)
    P = column_space_projector(m)
    np.testing.assert_allclose(P @ P, P, atol=1e-14)
    np.testing.assert_allclose(P @ b, ls.projection, atol=1e-12)


def test_least_squares_general_shapes_zero_and_errors():
    rng = np.random.default_rng(4)
    m, b = rng.normal(size=(6, 3)), rng.normal(size=6)
    ls = project_onto_columns(m, b)
    np.testing.assert_allclose(ls.x_hat, np.linalg.lstsq(m, b, rcond=None)[0], atol=1e-12)
    zero = project_onto_columns(np.zeros((3, 2)), b[:3])
    assert zero.rank == 0 and np.all(zero.projection == 0) and np.all(zero.x_hat == 0)
    tiny = project_onto_columns(m * 1e-300, b)
    np.testing.assert_allclose(tiny.projection, ls.projection, rtol=1e-9)
    with pytest.raises(ValueError, match="one entry per row"):
        project_onto_columns(m, b[:3])
    with pytest.raises(ValueError, match="finite"):
        project_onto_columns(m, np.full(6, np.nan))


# -- drawing helpers ----------------------------------------------------------------------------
def test_drawing_helpers():
    mark = right_angle_mark([1, 0], [1, 0], [0, 2], 0.1)
    np.testing.assert_allclose(mark, [[1.1, 0], [1.1, 0.1], [1, 0.1]])
    assert right_angle_mark([0, 0], [0, 0], [0, 1], 0.1).shape == (0, 2)
    arc = angle_arc([1, 0], [-1, 0.001], 0.5, 9)
    np.testing.assert_allclose(np.hypot(arc[:, 0], arc[:, 1]), 0.5)
    assert arc[-1, 0] < -0.49 and angle_arc([0, 0], [1, 0], 1).shape == (0, 2)


# -- the model and scenes -----------------------------------------------------------------------
def test_model_derives_and_notifies_once():
    model = ProjectionModel()
    seen = []
    model.changed.connect(seen.append)
    model.update(entry=("b", 1, "-sqrt(4)"))
    assert len(seen) == 1
    np.testing.assert_array_equal(model.state.b, [2, -2])
    assert model.state.b_texts == ("2", "-sqrt(4)")
    assert model.facts.dot == pytest.approx(3 * 2 - 2)
    np.testing.assert_allclose(model.matrix_squared, model.matrix, atol=1e-15)
    assert model.idempotent


@pytest.mark.parametrize("changes, match", [
    ({"entry": ("a", 0, "1/0")}, "division by zero"),
    ({"entry": ("c", 0, "1")}, "no component"),
    ({"a": [1, np.nan]}, "finite"),
    ({"b_texts": ["1"]}, "2 components"),
    ({"a_texts": ["2e7", "0"]}, "above 1e6"),
    ({"bogus": 1}, "unknown"),
])
def test_model_refuses_bad_input_and_keeps_state(refused, changes, match):
    refused(ProjectionModel(), match, **changes)


def test_scene_round_trip():
    model = ProjectionModel()
    model.update(a_texts=["cos(pi/3)", "sin(pi/3)"], b=[-1.5, 0.25])
    doc = json.loads(json.dumps(model.to_dict()))
    state = ProjectionModel.state_from_dict(doc)
    assert state.a_texts == model.state.a_texts and state.b_texts == model.state.b_texts
    np.testing.assert_array_equal(state.b, model.state.b)
    numeric = ProjectionModel.state_from_dict({"a": [3, 4.5], "b": [1e-300, 0]})
    np.testing.assert_array_equal(numeric.a, [3, 4.5])
    assert numeric.b[0] == 1e-300


@pytest.mark.parametrize("data, match", [
    ([], "object"), ({"a": [1, 2]}, "model.b"), ({"a": [1], "b": [1, 2]}, "model.a"),
    ({"a": [True, 1], "b": [1, 2]}, "text or numbers"),
    ({"a": ["x", "1"], "b": [1, 2]}, "unknown name"),
])
def test_bad_scenes_raise_scene_error(data, match):
    with pytest.raises(SceneError, match=match):
        ProjectionModel.state_from_dict(data)
