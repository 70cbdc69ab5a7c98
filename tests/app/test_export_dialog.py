"""The Export figure dialog reads its fields into the same FigureSpec as ``linscope render``."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.export_dialog import ExportDialog
from app.figure_spec import SpecError


@pytest.fixture
def dialog(qtbot, tmp_path):
    d = ExportDialog(str(tmp_path / "fig.png"), (900, 600))
    qtbot.addWidget(d)
    return d


def _ok(d):
    return d.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_presets_fill_the_size(dialog):
    assert dialog.spec().layout_px() == (900, 600)  # as the window
    dialog.preset.setCurrentText("one column (85 mm)")
    spec = dialog.spec()
    assert spec.physical and spec.svg_size_attrs()[0] == "85mm"
    assert spec.effective_font_pt() == 9.0
    assert "85 × 60 mm" in dialog.summary.text()
    assert "1004 × 709 px" in dialog.summary.text()  # 85 × 60 mm at 300 dpi
    dialog.preset.setCurrentText("slide 16:9 (1920×1080)")
    assert dialog.spec().raster_px() == (1920, 1080)
    dialog.preset.setCurrentText("two columns (178 mm)")
    assert dialog.width.text() == "178mm"


def test_a_typed_size_becomes_custom_and_a_bad_one_refuses_ok(dialog, qtbot):
    dialog.width.setText("")
    qtbot.keyClicks(dialog.width, "3.5in")
    assert dialog.preset.currentText() == "custom"
    dialog.height.setText("2in")
    dialog.font_size.setValue(10)
    spec = dialog.spec()
    assert spec.size_pt() == pytest.approx((252.0, 144.0)) and spec.font_pt == 10
    assert _ok(dialog).isEnabled()
    dialog.width.setText("")
    qtbot.keyClicks(dialog.width, "wide")
    assert not _ok(dialog).isEnabled() and "width" in dialog.summary.text()
    with pytest.raises(SpecError):
        dialog.spec()


def test_an_unknown_file_type_refuses_ok(dialog, qtbot):
    dialog.path.setText("")
    qtbot.keyClicks(dialog.path, "figure.gif")
    assert not _ok(dialog).isEnabled() and ".png" in dialog.summary.text()


def test_the_window_exports_what_the_dialog_asks(window, tmp_path):
    from PySide6.QtGui import QImage

    d = ExportDialog(str(tmp_path / "col.png"), (900, 600), window)
    d.preset.setCurrentText("one column (85 mm)")
    d.dpi.setValue(100)
    assert window.export_figure(d.path.text(), spec=d.spec()) is None
    image = QImage(str(tmp_path / "col.png"))
    assert (image.width(), image.height()) == (round(85 / 25.4 * 100), round(60 / 25.4 * 100))
    d.close()


def test_browse_fills_the_file_and_adds_a_missing_suffix(dialog, monkeypatch, tmp_path):
    from app import file_field

    chosen = str(tmp_path / "paper" / "figure")
    monkeypatch.setattr(file_field.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (chosen, "")))
    dialog.path.setText("figure.gif")
    dialog._update()
    assert not _ok(dialog).isEnabled()
    dialog.findChild(file_field.FileField).browse()
    assert dialog.path.text() == chosen + ".png" and _ok(dialog).isEnabled()
