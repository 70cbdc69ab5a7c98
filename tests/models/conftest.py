"""Helpers shared by the model tests."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture
def refused():
    """A function ``refused(model, match, **changes)`` asserting that ``model.update(**changes)``
    raises a ValueError whose message matches ``match``, and that the model then still holds
    the very same state and told no one of a change."""

    def check(model, match: str, **changes) -> None:
        before = model.state
        seen = []

        def note(changed_model):
            seen.append(changed_model)

        model.changed.connect(note)
        try:
            with pytest.raises(ValueError, match=match):
                model.update(**changes)
        finally:
            model.changed.disconnect(note)
        assert model.state is before and seen == []

    return check


@pytest.fixture(scope="session")  # session-wide: hypothesis refuses function-scoped fixtures
def check_singular_values():
    """A function ``check_singular_values(got, a)`` asserting that ``got`` are NumPy's singular
    values of ``a`` (descending, to 1e-9·max(1, σ₁)); it returns NumPy's, for further checks."""

    def check(got, a) -> np.ndarray:
        s = np.linalg.svd(np.asarray(a, dtype=float), compute_uv=False)
        np.testing.assert_allclose(got, s, atol=1e-9 * max(1.0, s[0]))
        return s

    return check
