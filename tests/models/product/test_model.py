"""Matrix product lab model: AB against NumPy, term lists, the shape rule, composition, scenes."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from models.core.evented import SceneError
from models.product.model import (
    ProductModel,
    composition,
    entry_terms,
    mismatch_message,
    shape_rule,
    unit_square,
)

ints = st.integers(-9, 9).map(float)
reals = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


def test_the_course_example():
    model = ProductModel()  # starts on [[1,2,3],[4,5,6]]·[[7,8],[9,10],[11,12]]
    np.testing.assert_array_equal(model.product, [[58, 64], [139, 154]])
    assert model.rule == "(2×3)·(3×2) → 2×2" and model.message is None
    t = model.terms[0][1]
    assert t.text() == "(AB)₁₂ = 1·8 + 2·10 + 3·12 = 64"
    assert t.products_text() == "= 8 + 20 + 36 = 64"
    assert model.selected_terms() is model.terms[0][0]
    assert model.terms[0][0].text().endswith("= 58")


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 8), st.integers(1, 8), st.integers(1, 8), st.data())
def test_product_and_terms_against_numpy(m, k, n, data):
    elems = st.one_of(ints, reals)
    a = data.draw(arrays(np.float64, (m, k), elements=elems))
    b = data.draw(arrays(np.float64, (k, n), elements=elems))
    model = ProductModel()
    model.update(a=a, b=b)
    np.testing.assert_allclose(model.state.a, a, rtol=1e-11)
    ref = model.state.a @ model.state.b
    # NumPy's A @ B, except round-off of 0 (within the rounding of a k-term sum) stored as 0
    rounding = (k + 2) * np.finfo(float).eps * (np.abs(model.state.a) @ np.abs(model.state.b))
    kept = model.product == ref
    assert np.all(model.product[~kept] == 0) and np.all(np.abs(ref[~kept]) <= rounding[~kept])
    for i in range(m):
        for j in range(n):
            t = model.terms[i][j]
            assert len(t.products) == k
            scale = max(1.0, float(np.sum(np.abs(t.products))))
            assert sum(t.products) == pytest.approx(ref[i, j], abs=1e-12 * scale)
            assert t.value == model.product[i, j]


def test_term_text_with_negatives_and_fractions():
    t = entry_terms([[1, -2]], [[0.5], [-3]], 0, 0)
    assert t.text() == "(AB)₁₁ = 1·0.5 + (−2)·(−3) = 6.5"
    assert t.products_text() == "= 0.5 + 6 = 6.5"


def test_shape_rule_and_mismatch_message():
    assert shape_rule((2, 3), (3, 2)) == "(2×3)·(3×2) → 2×2"
    assert "not defined" in shape_rule((2, 3), (4, 2))
    assert mismatch_message((2, 3), (4, 2)) == (
        "inner dimensions 3 ≠ 4: A is 2×3, B is 4×2; A's columns must equal B's rows")
    assert mismatch_message((2, 3), (3, 5)) is None
    with pytest.raises(ValueError, match="inner dimensions"):
        entry_terms(np.ones((2, 3)), np.ones((4, 2)), 0, 0)


def test_mismatch_is_shown_not_failed():
    model = ProductModel()
    model.update(k2=4)
    assert model.product is None and model.terms == [] and model.selected_terms() is None
    assert model.message.startswith("inner dimensions 3 ≠ 4: A is 2×3, B is 4×2")
    assert model.state.b_texts[3] == ("0", "0")  # a new row of zeros; old rows kept
    model.update(k=4)
    assert model.message is None and model.product.shape == (2, 2)


def test_resizing_keeps_entries_and_clamps_the_selection():
    model = ProductModel()
    model.update(selected=(1, 1))
    seen = []
    model.changed.connect(seen.append)
    model.update(m=1, n=1)
    assert len(seen) == 1
    assert model.state.selected == (0, 0)
    assert model.state.a_texts == (("1", "2", "3"),) and model.state.b_texts[0] == ("7",)
    model.update(m=3, k=3, k2=3, n=3, selected=None)
    assert model.state.a_texts[2] == ("0", "0", "0") and model.state.selected is None


@pytest.mark.parametrize("changes, match", [
    ({"m": 9}, "1 to 8"), ({"n": 0}, "1 to 8"), ({"k": 2.5}, "whole numbers"),
    ({"a_entry": (0, 0, "sqrt(-1)")}, "a₁₁"), ({"b_entry": (5, 0, "1")}, "no entry"),
    ({"a_texts": [["1", "2"], ["3"]]}, "different lengths"), ({"selected": "x"}, "selected"),
    ({"c": 1}, "unknown"),
])
def test_bad_edits_are_refused(refused, changes, match):
    refused(ProductModel(), match, **changes)


def test_composition_order_matters_and_commuting_note():
    rot = np.array([[0.0, -1.0], [1.0, 0.0]])
    shear = np.array([[1.0, 1.0], [0.0, 1.0]])
    c = composition(rot, shear)
    np.testing.assert_array_equal(c.ab, rot @ shear)
    np.testing.assert_array_equal(c.ba, shear @ rot)
    assert not c.commute and c.note.startswith("AB ≠ BA")
    sq = c.squares()
    np.testing.assert_array_equal(sq["ab"][1], (rot @ shear)[:, 0])
    np.testing.assert_array_equal(sq["ab"][2], (rot @ shear) @ [1, 1])
    both = composition(rot, 2 * rot)
    assert both.commute and both.note.startswith("AB = BA")
    np.testing.assert_array_equal(unit_square(np.eye(2))[2], [1, 1])
    model = ProductModel()
    assert model.composition is None
    model.update(a=rot, b=shear)
    assert model.composition is not None and not model.composition.commute


def test_scene_round_trip_and_numbers():
    model = ProductModel()
    model.update(a_entry=(0, 1, "sqrt(2)"), selected=(1, 0))
    doc = json.loads(json.dumps(model.to_dict()))
    state = ProductModel.state_from_dict(doc)
    assert state.a_texts == model.state.a_texts and state.selected == (1, 0)
    np.testing.assert_array_equal(state.a, model.state.a)
    state = ProductModel.state_from_dict({"a": [[1, 2.5]], "b": [[1], [2]], "selected": None})
    assert state.a_texts == (("1", "2.5"),) and state.selected is None


@pytest.mark.parametrize("data, match", [
    ("x", "object"), ({"a": [[1]]}, "model.b"), ({"a": [1, 2], "b": [[1]]}, "list of rows"),
    ({"a": [[1, 2], [3]], "b": [[1]]}, "different lengths"),
    ({"a": [[None]], "b": [[1]]}, "text or numbers"),
    ({"a": [["1"] * 9], "b": [[1]]}, "up to 8"),
    ({"a": [["e^"]], "b": [[1]]}, "a₁₁"),
    ({"a": [[1]], "b": [[1]], "selected": [0]}, "selected"),
])
def test_bad_scenes_raise_scene_error(data, match):
    with pytest.raises(SceneError, match=match):
        ProductModel.state_from_dict(data)


def test_rotations_compose_without_round_off():
    # cos(π/3) is 0.5000000000000001 as a double: NumPy's product leaves 2e-16 where 0 is
    rot = [["cos(pi/6)", "-sin(pi/6)"], ["sin(pi/6)", "cos(pi/6)"]]
    rot2 = [["cos(pi/3)", "-sin(pi/3)"], ["sin(pi/3)", "cos(pi/3)"]]
    model = ProductModel()
    model.update(a_texts=rot, b_texts=rot2)
    assert np.abs(model.state.a @ model.state.b)[0, 0] > 0
    np.testing.assert_array_equal(model.product, [[0, -1], [1, 0]])
    assert model.terms[0][0].text().endswith(" = 0")
    np.testing.assert_array_equal(model.composition.ab, model.composition.ba)
