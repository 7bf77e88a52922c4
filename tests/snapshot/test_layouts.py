"""The reading screen's layout, at fixed sizes, with the bundled article."""

from __future__ import annotations

from typing import Any

from tui_reader.config import Config
from tui_reader.core import library
from tui_reader.ui.app import ReaderApp


def _app() -> ReaderApp:
    return ReaderApp(library.open_text(library.DEFAULT_TEXT_ID), Config(theme="textual-dark"))


def test_side_by_side_at_120x40(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 40), press=["j"])


def test_stacked_at_80x24(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(80, 24), press=["j"])
