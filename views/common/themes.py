"""Themes: the colours every view draws with (interim: the paper theme only)."""

THEMES = ("paper",)
