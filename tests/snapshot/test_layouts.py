"""The reading screen's layout, at fixed sizes, with the bundled article."""

from __future__ import annotations

from typing import Any

from conftest import TESTS_DIR

from tui_reader.config import Config
from tui_reader.core import library
from tui_reader.ui.app import ReaderApp

# Fixed data: the bundled article, and the small test glossary rather than the bundled one,
# whose entries change more often than the layout does.
GLOSSARY = TESTS_DIR / "data" / "mini-glossary.yaml"


def _app() -> ReaderApp:
    text = library.open_text(library.DEFAULT_TEXT_ID)
    return ReaderApp(text, Config(theme="textual-dark"), glossary_path=GLOSSARY)


def test_side_by_side_at_120x40(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(120, 40), press=["j"])


def test_stacked_at_80x24(snap_compare: Any) -> None:
    assert snap_compare(_app(), terminal_size=(80, 24), press=["j"])
