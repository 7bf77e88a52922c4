"""`c` copies the real words: logical order, the letters of the file, never the shaped
presentation forms the screen shows, and never a control character of the text."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from tui_reader.config import Config
from tui_reader.core.text import Segment, Text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.note import NoteScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets.parallel import ParallelView

TERM = "مكافحة الإرهاب"


def _text(first: str = TERM + " أولوية.") -> Text:
    return Text(
        id="copying",
        title_ar="نسخ",
        title_en="Copying",
        segments=(
            Segment(id="s1", ar=first, en="Counter-terrorism is a priority."),
            Segment(id="s2", ar="تمويل الإرهاب جريمة.", en="Terrorist financing is a crime."),
        ),
    )


def _messages(app: ReaderApp) -> list[str]:
    return [notification.message for notification in app._notifications]


@pytest.mark.parametrize("bidi", ["app", "terminal"])
async def test_c_copies_the_word_under_the_cursor_as_written(bidi: str) -> None:
    app = ReaderApp(_text(), Config(bidi=bidi))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("left")
        view = app.screen.query_one(ParallelView)
        assert view.selection is not None
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == "مكافحة"
        assert any(message.startswith("Copied") for message in _messages(app))


async def test_c_copies_the_selection_and_without_one_the_segment() -> None:
    app = ReaderApp(_text())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("left", "shift+left", "c")
        assert app.clipboard == TERM
        await pilot.press("escape", "j", "c")
        assert app.clipboard == "تمويل الإرهاب جريمة."
        await pilot.press("p", "right", "c")
        assert app.clipboard == "Terrorist"


async def test_copied_text_holds_no_escape_sequence_or_bidi_override() -> None:
    hostile = "كلمة\x1b]52;c;ZXZpbA==\x07 \u202eمقلوب\u202c"
    app = ReaderApp(_text(hostile))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("c")
        assert app.clipboard.startswith("كلمة")
        assert "\x1b" not in app.clipboard and "\x07" not in app.clipboard
        assert "\u202e" not in app.clipboard and "مقلوب" in app.clipboard


async def test_the_palette_copies_too() -> None:
    app = ReaderApp(_text())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("left")
        assert isinstance(app.screen, ReaderScreen)
        commands = app.get_system_commands(app.screen_stack[-1])
        [copy] = [command for command in commands if command.title == "Copy"]
        copy.callback()
        await pilot.pause()
        assert app.clipboard == "مكافحة"


async def test_ctrl_c_in_the_note_dialog_copies_the_selected_words_else_the_passage() -> None:
    app = ReaderApp(_text())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("left", "shift+left", "n")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        body = app.screen.query_one("#note-body", TextArea)
        await pilot.press(*"عن " + TERM)
        await pilot.press("ctrl+c")
        assert app.clipboard == TERM
        await pilot.press("shift+home", "ctrl+c")
        assert body.selected_text == "عن " + TERM
        assert app.clipboard == "عن " + TERM
