"""The Embeddings lab's orbit camera: plain rotation matrices, angles kept in range, and
the camera's scene form."""

import numpy as np
import pytest

from models.embeddings.orbit import OrbitCamera, project_points
from models.embeddings.view_state import THREE_D, EmbeddingsViewState
from models.linalg.orbit import view_rotation


def _rotation(az_deg, el_deg):
    # About z by the azimuth, then tilt by the elevation: built from the two plain rotations.
    a, e = np.radians(az_deg), np.radians(el_deg)
    rz = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
    ry = np.array([[np.cos(e), 0, -np.sin(e)], [0, 1, 0], [np.sin(e), 0, np.cos(e)]])
    # columns of rz @ ry: toward, right, up (before relabelling)
    m = rz @ ry
    return np.array([m[:, 1], m[:, 2], m[:, 0]])


@pytest.mark.parametrize("az, el", [(0, 0), (-60, 25), (135, -40), (10, 89)])
def test_rotation_is_the_plain_one(az, el):
    r = view_rotation(az, el)
    np.testing.assert_allclose(r, _rotation(az, el), atol=1e-12)
    np.testing.assert_allclose(r @ r.T, np.eye(3), atol=1e-12)
    assert np.linalg.det(r) == pytest.approx(1.0)


def test_projection_about_a_centre():
    rng = np.random.default_rng(0)
    p, c = rng.normal(size=(20, 3)), rng.normal(size=3)
    cam = OrbitCamera(30.0, 20.0)
    xy, depth = project_points(p, cam, c)
    full = (p - c) @ _rotation(30, 20).T
    np.testing.assert_allclose(xy, full[:, :2], atol=1e-12)
    np.testing.assert_allclose(depth, full[:, 2], atol=1e-12)


def test_angles_wrap_and_clamp():
    cam = OrbitCamera().orbited(400.0, 200.0)
    assert -180 <= cam.azimuth < 180 and cam.elevation == 89.0
    with pytest.raises(ValueError):
        OrbitCamera(0.0, 95.0)


def test_camera_and_switch_in_the_scene_view_object():
    vs = EmbeddingsViewState({THREE_D: False, "labels": True})
    vs.update(toggles={THREE_D: True}, camera={"azimuth": 20, "elevation": -10})
    out = vs.to_dict()
    assert out[THREE_D] is True and out["camera"] == {"azimuth": 20.0, "elevation": -10.0}
    vs2 = EmbeddingsViewState({THREE_D: False, "labels": True})
    vs2.load(EmbeddingsViewState.check(out))
    assert vs2.state == vs.state and vs2.three_d
    for bad in ({"azimuth": "x"}, [1, 2], {"azimuth": 1, "zoom": 2}):
        with pytest.raises(Exception, match="camera"):
            EmbeddingsViewState.check({"camera": bad})
