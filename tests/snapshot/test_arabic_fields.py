"""Arabic typed into the search panel and the note editor, drawn as the reader draws it:
fixed sizes, the bundled article and the small test glossary."""

from __future__ import annotations

from typing import Any

from conftest import TESTS_DIR
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tui_reader.config import Config
from tui_reader.core import library
from tui_reader.ui.app import ReaderApp

GLOSSARY = TESTS_DIR / "data" / "mini-glossary.yaml"


def _app() -> ReaderApp:
    text = library.open_text(library.DEFAULT_TEXT_ID)
    return ReaderApp(text, Config(theme="textual-dark"), glossary_path=GLOSSARY)


def test_search_panel_with_an_arabic_query_at_120x40(snap_compare: Any) -> None:
    async def search(pilot: Pilot[None]) -> None:
        await pilot.press("slash")
        # The cursor shown, not blinking: otherwise the picture depends on how long the
        # workers waited for below take (the word statuses' first look-ups, say).
        pilot.app.screen.query_one("#search-query", Input).cursor_blink = False
        await pilot.press(*"مكافحة الإرهاب")
        await pilot.pause(0.3)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=(120, 40), run_before=search)


def test_note_editor_holding_arabic_at_100x30(snap_compare: Any) -> None:
    async def write(pilot: Pilot[None]) -> None:
        await pilot.press("j", "left", "shift+left", "n")
        await pilot.pause()
        screen = pilot.app.screen
        screen.query_one(
            "#note-body", TextArea
        ).text = "الفاعل: عاصمة جمهورية طاجيكستان (Dushanbe).\nCheck the UN term: مكافحة الإرهاب"
        screen.query_one("#note-tags", Input).value = "مصطلح, UN"
        screen.query_one("#note-body", TextArea).focus()
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=(100, 30), run_before=write)
