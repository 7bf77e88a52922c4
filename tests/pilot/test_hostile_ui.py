"""Hostile strings in the reader: titles, terms, tags and notes are drawn as symbols, never
sent as control sequences, never read as markup, and never crash the app (issue 13)."""

from __future__ import annotations

import errno
import re
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Label, OptionList, TextArea

from tui_reader.core import library
from tui_reader.core.glossary import Glossary
from tui_reader.core.notes import Anchor, NoteStore, new_note
from tui_reader.core.text import Text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.note import ConfirmScreen, NoteScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets.glossary_panel import GlossaryPanel

ESCAPES = "\x1b]0;pwned\x07\x1b]52;c;Zm9v\x07\x1b[2J\x9b2J\u202e"
MARKUP = '[link="http://evil.example/"]Click me[/] [@click=app.bell]bell[/] [/]'
HOSTILE = ESCAPES + MARKUP
# Sent to the terminal, a hostile string would show as one of these.
UNSAFE = re.compile("\x1b\\]|\x1b\\[2J|\x07|[\x80-\x9f]|\u202e|\x1b\\]8;")


def _article(title: str = HOSTILE) -> Text:
    return replace(library.open_text(library.DEFAULT_TEXT_ID), title_en=title)


def _sent(app: ReaderApp) -> str:
    """Everything the app would send to the terminal to draw the whole screen now."""
    update = app.screen._compositor.render_full_update()
    return update.render_segments(app.console)


def _assert_safe(app: ReaderApp) -> None:
    sent = _sent(app)
    assert not UNSAFE.search(sent), UNSAFE.findall(sent)


async def test_a_title_with_escapes_and_markup_is_shown_as_written() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        title = app.screen.query_one("#status-title", Label)
        shown = str(title.render())
        assert shown.startswith("␛]0;pwned␇")
        assert MARKUP in shown  # the brackets as written: no link, no action
        _assert_safe(app)


@pytest.mark.parametrize(
    "name", ['report[@click=app.quit("]v2', "report[/]", "report[b]bold", "[link=http://e/]x"]
)
async def test_a_title_that_is_broken_markup_does_not_crash_the_reader(name: str) -> None:
    app = ReaderApp(_article(name))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app._exception is None
        assert str(app.screen.query_one("#status-title", Label).render()) == name
        _assert_safe(app)


def _hostile_glossary() -> Glossary:
    glossary = ReaderApp(None).glossary
    assert glossary is not None
    entries = list(glossary.entries)
    entries[0] = replace(entries[0], en=f"aaa {HOSTILE}", definition=HOSTILE)
    return Glossary(entries)


async def test_the_glossary_panel_and_enter_on_a_hostile_term() -> None:
    app = ReaderApp(_article("t"))
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        glossary = _hostile_glossary()
        await screen.query_one(GlossaryPanel).remove()
        screen.glossary = glossary
        panel = GlossaryPanel(glossary, id="glossary")
        await screen.query_one("#body").mount(panel)
        await pilot.press("g")
        await pilot.pause()
        options = panel.query_one("#glossary-terms", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(prompt.startswith("aaa ␛]0;pwned␇") for prompt in prompts)
        _assert_safe(app)
        options.focus()
        options.highlighted = next(i for i, p in enumerate(prompts) if p.startswith("aaa"))
        await pilot.press("enter")  # a notification quoting the term
        await pilot.pause()
        assert app._exception is None
        assert any("␛]0;pwned␇" in n.message for n in app._notifications)
        _assert_safe(app)


def _hostile_note() -> None:
    text = library.open_text(library.DEFAULT_TEXT_ID)
    store = NoteStore.open(text.id)
    note = new_note(
        Anchor.make(text.segments[0], 0, 3), f"body {HOSTILE}\nline two", tags=[HOSTILE, "x"]
    )
    store.put(note)
    store.save()


async def test_the_notes_panel_lists_hostile_tags_safely() -> None:
    _hostile_note()
    app = ReaderApp(_article("t"))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        options = app.screen.query_one("#notes-list", OptionList)
        prompt = str(options.get_option_at_index(0).prompt)
        assert "#␛]0;pwned␇" in prompt and MARKUP in prompt
        _assert_safe(app)


async def test_the_note_dialog_and_the_delete_question_show_a_hostile_body_safely() -> None:
    _hostile_note()
    app = ReaderApp(_article("t"))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one(TextArea).text.startswith("body ␛]0;pwned␇")
        _assert_safe(app)
        await pilot.press("escape", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        _assert_safe(app)


async def test_a_full_disk_is_said_without_none(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self: NoteStore) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(NoteStore, "save", full)
    app = ReaderApp(_article("t"))
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen._save_notes()
        await pilot.pause()
        [note] = [n for n in app._notifications if n.title == "Notes not saved"]
        assert note.message.startswith("Notes cannot be saved: No space left on device. They")
        assert "None" not in note.message


async def test_an_os_error_naming_a_hostile_file_is_said_safely(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def denied(self: NoteStore) -> None:
        raise OSError(errno.EACCES, "Permission denied", str(tmp_path / f"n{ESCAPES}.json"))

    monkeypatch.setattr(NoteStore, "save", denied)
    app = ReaderApp(_article("t"))
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen._save_notes()
        await pilot.pause()
        [note] = [n for n in app._notifications if n.title == "Notes not saved"]
        assert "n␛]0;pwned␇" in note.message and ": Permission denied." in note.message
        _assert_safe(app)
