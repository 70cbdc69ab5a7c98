"""Every window action as data: menus, the toolbar and the command palette are generated
from :data:`ACTIONS`, so a command has one name, one shortcut and one handler."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

__all__ = ["ActionSpec", "ACTIONS", "MENUS"]

SK = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    """One command of the window.

    ``handler`` names a method of the main window; ``shortcuts`` are standard keys or
    portable strings; ``toolbar`` puts it on the toolbar too. ``step`` (``"undo"`` or
    ``"redo"``) makes the window name the lab's next undo or redo step after ``text`` and
    enable the action only when there is one. ``submenu`` puts it in a submenu of ``menu``
    of that name; actions sharing a ``group`` are exclusive (one checked at a time).
    """

    id: str
    text: str
    menu: str
    handler: str
    shortcuts: tuple = ()
    tip: str = ""
    toolbar: bool = False
    checkable: bool = False
    step: str = ""
    submenu: str = ""
    group: str = ""


MENUS = ("&File", "&Edit", "&View", "&Lab", "&Help")

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("file.new", "&New scene", "&File", "new_scene", (SK.New,),
               "Start again from the identity (undoable)"),
    ActionSpec("file.open", "&Open scene…", "&File", "open_scene_dialog", (SK.Open,),
               "Open a .json scene", toolbar=True),
    ActionSpec("file.save", "&Save scene", "&File", "save_scene_action", (SK.Save,),
               "Save this lab's scene to its own file", toolbar=True),
    ActionSpec("file.save_as", "Save scene &as…", "&File", "save_scene_as", (SK.SaveAs,)),
    ActionSpec("file.open_vectors", "Open &word vectors…", "&File", "open_word_vectors", (),
               "Read your own word vectors into the Embeddings lab (text, .tsv, .npy, .csv)"),
    ActionSpec("file.open_model", "Open &model…", "&File", "open_model", (),
               "Read a GPT-2, BERT or Llama-layout model folder into the Attention lab and "
               "see every head (nothing is downloaded)"),
    ActionSpec("file.export", "&Export figure…", "&File", "export_dialog", ("Ctrl+E",),
               "Export the canvas as PNG, SVG or PDF", toolbar=True),
    ActionSpec("file.record", "&Record…", "&File", "record_dialog", ("Ctrl+Shift+R",),
               "Record the lab moving, or what you do, to MP4, GIF or APNG (again: stop)",
               toolbar=True),
    ActionSpec("file.quit", "&Quit", "&File", "close", (SK.Quit, "Ctrl+Q")),
    ActionSpec("edit.undo", "&Undo", "&Edit", "undo", (SK.Undo,), toolbar=True, step="undo"),
    ActionSpec("edit.redo", "&Redo", "&Edit", "redo", ("Ctrl+Shift+Z", SK.Redo),
               toolbar=True, step="redo"),
    # Copy as: the lab's matrix as text, the figure as an image (app/copy_actions.py).
    ActionSpec("edit.copy_latex", "Copy matrix as &LaTeX", "&Edit", "copy_latex", (),
               "Copy the lab's matrix as a LaTeX bmatrix, exact entries as typed"),
    ActionSpec("edit.copy_numpy", "Copy matrix as &NumPy", "&Edit", "copy_numpy", (),
               "Copy the lab's matrix as np.array([...]) with every digit"),
    ActionSpec("edit.copy_markdown", "Copy matrix as &Markdown table", "&Edit",
               "copy_markdown", (), "Copy the lab's matrix as a Markdown table"),
    ActionSpec("edit.copy_figure", "Copy &figure", "&Edit", "copy_figure", ("Ctrl+Shift+C",),
               "Copy the figure, as Export draws it, as an image at the canvas's size"),
    ActionSpec("edit.palette", "Command &palette…", "&Edit", "show_palette",
               ("Ctrl+Shift+P",), "Find any command by name"),
    ActionSpec("view.fullscreen", "&Full screen (presenter)", "&View", "toggle_fullscreen",
               (SK.FullScreen, "F11"), "Full screen for projecting", checkable=True),
    ActionSpec("view.split", "&Side by side", "&View", "toggle_split", ("Ctrl+\\",),
               "Show a second view of the same matrix beside this one", toolbar=True,
               checkable=True),
    ActionSpec("view.theme.paper", "&Paper", "&View", "use_paper_theme",
               tip="White background, print-safe colours", checkable=True,
               submenu="&Theme", group="theme"),
    ActionSpec("view.theme.lecture", "&Lecture", "&View", "use_lecture_theme",
               tip="High contrast and thick lines for a projector", checkable=True,
               submenu="&Theme", group="theme"),
    ActionSpec("view.theme.dark", "&Dark", "&View", "use_dark_theme",
               tip="Light lines and text on a dark background", checkable=True,
               submenu="&Theme", group="theme"),
    ActionSpec("view.colorblind", "&Colour-blind-safe colours", "&View", "toggle_colorblind",
               tip="Colours that differ in lightness too; cividis and a blue–red map for "
               "heatmaps", checkable=True, submenu="&Theme"),
    ActionSpec("help.format", "Scene &file format", "&Help", "show_format_help"),
    ActionSpec("help.about", "&About linscope", "&Help", "show_about"),
)
