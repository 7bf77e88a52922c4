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
        # The panel is laid out and its field focused on the next refresh, as a person sees it
        # before typing.
        await pilot.pause()
        await pilot.press(*"مكافحة الإرهاب")
        await pilot.pause(0.3)
        await pilot.app.workers.wait_for_complete()
        # A blinking cursor would make the picture depend on the moment it is taken.
        pilot.app.screen.query_one("#search-query", Input).cursor_blink = False
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
        body = screen.query_one("#note-body", TextArea)
        body.cursor_blink = False
        body.focus()
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=(100, 30), run_before=write)
