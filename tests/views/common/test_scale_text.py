"""Titles and running text inside figures follow the presenter's scale: titles by the whole
factor (like labels), readouts by half of it (like the controls), so a long readout fits."""

import pytest

from views.common import style


@pytest.fixture
def scaled():
    yield style.set_scale
    style.set_scale(1.0)


def test_titles_grow_by_the_factor_and_readouts_by_half_of_it(scaled):
    assert (style.pt(13), style.text_pt(14)) == ("13pt", "14pt")
    scaled(2.0)
    assert style.pt(13) == "26pt"
    assert style.text_pt(14) == "21pt"
    assert style.label_font(13).pointSizeF() == pytest.approx(26.0)
    scaled(3.0)
    assert (style.pt(10), style.text_pt(10)) == ("30pt", "20pt")
