"""Arabic typed into every field, and Arabic from files in every label, list, dialog and toast,
reaches the screen as the reading panes draw it: shaped and in visual order with `--bidi app`
(so no base letter is left on screen, only presentation forms), logical and unshaped with
`--bidi terminal` (the terminal does it)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from textual.command import CommandInput
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tui_reader.config import Config
from tui_reader.core import library
from tui_reader.core.notes import Anchor, NoteStore, new_note
from tui_reader.core.text import Segment, Text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.commands import ArabicCommandInput
from tui_reader.ui.screens.entry import EntryScreen
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.screens.note import ConfirmScreen, NoteScreen
from tui_reader.ui.screens.prompt import PromptScreen
from tui_reader.ui.screens.study import StudyScreen, StudySetupScreen, SummaryScreen
from tui_reader.ui.widgets.bidi_editor import BidiTextArea
from tui_reader.ui.widgets.bidi_input import BidiInput

TERM = "مكافحة الإرهاب"
TAG = "مصطلح"
BASE_LETTER = re.compile("[\u0621-\u064a]")
"""Arabic letters as a file holds them; shaped, each becomes a presentation form."""


def _text() -> Text:
    return Text(
        id="report",
        title_ar="تقرير عن " + TERM,
        title_en="Report on " + TERM,
        segments=(
            Segment(id="s1", ar=TERM + " أولوية.", en="Counter-terrorism (مكافحة) is a priority."),
            Segment(id="s2", ar="تمويل الإرهاب جريمة.", en="Terrorist financing is a crime."),
        ),
    )


def _setup() -> Text:
    text = _text()
    library.add_text(text)
    store = NoteStore.open(text.id)
    anchor = Anchor.make(text.segments[0], 0, len("مكافحة"), "ar")
    store.put(new_note(anchor, TERM + " هنا\nسطر ثان", "terminology", (TAG, "UN")))
    en = Anchor.make(text.segments[0], 0, len("Counter-terrorism"), "en")
    store.put(new_note(en, "English: " + TERM, "comment", ()))
    store.save()
    return text


def _screen_text(app: ReaderApp) -> str:
    """The rows of the screen as text, from the screenshot's SVG (a row is drawn as many
    `<text>` elements, one for each run of a style; runs of blanks are left out)."""
    rows: dict[int, list[str]] = {}
    for row, run in re.findall(r'line-(\d+)\)">([^<]*)</text>', app.export_screenshot()):
        rows.setdefault(int(row), []).append(unescape(run).replace("\xa0", " "))
    return "\n".join("".join(runs) for _, runs in sorted(rows.items()))


class Walk:
    """Checks the screen after each step: no base letter in app mode; in terminal mode the
    logical words each step brought are there as written."""

    def __init__(self, app: ReaderApp, pilot: Pilot[None], visual: bool) -> None:
        self.app = app
        self.pilot = pilot
        self.visual = visual
        self.seen: list[str] = []

    async def check(self, where: str, *logical: str) -> None:
        # A screen just pushed or a field just typed into repaints after its animations; on a
        # loaded machine one pause is not always enough for that.
        await self.pilot.wait_for_scheduled_animations()
        await self.pilot.pause()
        await self.pilot.pause()
        shown = _screen_text(self.app)
        self.seen.append(where)
        if self.visual:
            letters = "".join(BASE_LETTER.findall(shown))
            assert not letters, f"{where}: unshaped Arabic on screen: {letters!r}"
        else:
            assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", shown), where
            for words in logical:
                # The SVG leaves out runs of blanks: compare without spaces.
                found = words.replace(" ", "") in shown.replace(" ", "")
                assert found, f"{where}: {words!r} not on screen:\n{shown}"

    async def type(self, field: Input | TextArea, text: str) -> None:
        field.focus()
        # Focus moves on the next refresh: keys pressed before it go to the old focus.
        await self.pilot.pause()
        await self.pilot.press(*text)


@pytest.mark.parametrize("bidi", ["app", "terminal"])
async def test_every_screen_and_panel_draws_arabic_as_the_reader_does(bidi: str) -> None:
    text = _setup()
    app = ReaderApp(text, Config(bidi=bidi))
    async with app.run_test(size=(130, 44)) as pilot:
        walk = Walk(app, pilot, bidi == "app")
        await walk.check("reader", "مكافحة")

        await pilot.press("left", "c")
        await walk.check("toast quoting the copied word", "مكافحة")

        await pilot.press("slash")
        search = app.screen.query_one("#search-query", Input)
        assert isinstance(search, BidiInput)
        await walk.type(search, TERM)
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await walk.check("search panel", TERM, "لمكافحة")

        await pilot.press("escape", "escape", "g")
        glossary = app.screen.query_one("#glossary-filter", Input)
        assert isinstance(glossary, BidiInput)
        await walk.type(glossary, "الإرهاب")
        await walk.check("glossary panel", "الإرهاب")

        await pilot.press("escape", "escape", "o")
        tag = app.screen.query_one("#notes-tag", Input)
        assert isinstance(tag, BidiInput)
        await walk.check("notes panel", TAG, "هنا")
        await walk.type(tag, TAG)
        await walk.check("notes panel filtered by an Arabic tag", TAG)

        await pilot.press("escape")
        app.screen.query_one("#parallel").focus()
        # The word cursor on the Arabic note's word: the segment has two notes, and which is
        # "first" follows their random ids.
        await pilot.press("home", "left", "e")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        body = app.screen.query_one("#note-body", TextArea)
        assert isinstance(body, BidiTextArea)
        assert isinstance(app.screen.query_one("#note-tags", Input), BidiInput)
        await walk.type(body, " " + TERM)
        await walk.check("note dialog", TAG, "هنا")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")

        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await walk.check("confirm deletion", "هنا", "سطر ثان")
        await pilot.press("n", "escape")

        app.screen.query_one("#parallel").focus()
        await pilot.press("home", "left", "enter")
        assert isinstance(app.screen, EntryScreen)
        await walk.check("glossary entry", "مكافحة")
        await pilot.press("escape")

        await pilot.press("s")
        assert isinstance(app.screen, StudySetupScreen)
        await walk.check("study setup")
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        answer = app.screen.query_one("#study-answer", Input)
        assert isinstance(answer, BidiInput)
        await walk.type(answer, TERM)
        await walk.check("study card, Arabic typed", TERM)
        await pilot.press("enter")
        await walk.check("study card, answered", TERM)
        await pilot.press("escape")
        assert isinstance(app.screen, SummaryScreen)
        await walk.check("study summary")
        await pilot.press("escape")

        await pilot.press("ctrl+p")
        await pilot.pause()
        query = app.screen.query_one(CommandInput)
        assert isinstance(query, ArabicCommandInput)
        await pilot.press(*"الإرهاب")
        await pilot.pause(0.5)
        await walk.check("command palette", "الإرهاب")
        await pilot.press("escape")

        app.push_screen(PromptScreen("Import glossary terms", "path/to/terms.tbx"))
        await pilot.pause()
        prompt = app.screen.query_one("#prompt-input", Input)
        assert isinstance(prompt, BidiInput)
        await walk.type(prompt, TERM)
        await walk.check("prompt", TERM)
        await pilot.press("escape")

        await pilot.press("L")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, LibraryScreen)
        await walk.check("library", TERM)
        await pilot.press("escape")
        assert len(walk.seen) == 16
