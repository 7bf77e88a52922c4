"""The glossary in the reader: highlights, the word cursor, the panel, the palette."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from rich.segment import Segment
from textual.widgets import Input, OptionList, Static

from tui_reader.core import library
from tui_reader.core.display import layout
from tui_reader.core.text import Text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.entry import EntryScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets.glossary_panel import GlossaryPanel
from tui_reader.ui.widgets.parallel import ParallelView


def _article() -> Text:
    return library.open_text(library.DEFAULT_TEXT_ID)


def _segments(app: ReaderApp) -> list[Segment]:
    view = app.screen.query_one(ParallelView)
    return [segment for y in range(view.size.height) for segment in view.render_line(y)]


def _entry_text(app: ReaderApp) -> str:
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(app.screen.query_one("#entry-body", Static).content)
    return console.export_text()


def _underlined(app: ReaderApp) -> list[str]:
    return [s.text for s in _segments(app) if s.style and s.style.underline]


async def test_terms_are_highlighted_over_their_letters_in_both_panes() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        marked = _underlined(app)
        # Arabic: "مكافحة الإرهاب" of segment 2, drawn in visual order, exactly its cells.
        expected = layout("مكافحة الإرهاب", 80)[0].text
        assert expected in marked
        # English: the equivalents in the same segment.
        assert any("Countering Terrorism" in text for text in marked)
        assert "Organized Crime" in " ".join(marked)


async def test_word_cursor_and_enter_show_the_entry_of_a_cliticized_word() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        view = app.screen.query_one(ParallelView)
        assert app.text is not None
        segment = app.text.segments[12]
        await pilot.press(*["j"] * 12)
        words = view.words(12)
        target = next(i for i, (a, b) in enumerate(words) if segment.ar[a:b] == "بمكافحة")
        await pilot.press(*["left"] * (target + 1))
        assert view.word == words[target]
        word_style = [s for s in _segments(app) if s.style and s.style.reverse]
        assert "".join(s.text for s in word_style) == layout("بمكافحة", 20)[0].text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        body = _entry_text(app)
        assert "countering" in body and "found as" in body
        await pilot.press("escape")
        assert not isinstance(app.screen, EntryScreen)
        await pilot.press("right")
        assert view.word == words[target - 1]


async def test_word_cursor_crosses_into_the_next_segment() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        view = app.screen.query_one(ParallelView)
        await pilot.press(*["left"] * (len(view.words(0)) + 1))
        assert view.current == 1
        assert view.word == view.words(1)[0]
        await pilot.press("escape")
        assert view.word is None


async def test_a_word_without_entry_gives_its_dictionary_meaning_as_a_name() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("left", "enter")
        await pilot.pause()
        body = _entry_text(app)
        assert "No glossary entry" not in body and "Stems tried" not in body
        # قطر is "Qatar" here, not "drop": the segment's English has the name.
        assert body.index("Qatar") < body.index("drop")
        assert "proper noun" in body


async def test_panel_lists_terms_of_the_text_first_and_steps_through_occurrences() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        panel = app.screen.query_one(GlossaryPanel)
        assert panel.display
        await app.workers.wait_for_complete()
        await pilot.pause()
        options = app.screen.query_one("#glossary-terms", OptionList)
        first = options.get_option_at_index(0)
        assert panel.counts[str(first.id)] == max(panel.counts.values())
        await pilot.press(*"security council")
        await pilot.pause()
        assert options.get_option_at_index(0).id == "security-council"
        await pilot.press("enter", "enter")
        await pilot.pause()
        view = app.screen.query_one(ParallelView)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        places = screen.occurrences["security-council"]
        assert len(places) == 2
        assert view.focus_span == places[0] and view.current == places[0][0]
        await pilot.press("right_square_bracket")
        assert view.focus_span == places[1]
        await pilot.press("right_square_bracket")
        assert view.focus_span == places[0]


async def test_panel_filter_takes_arabic_without_hamza() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        app.screen.query_one("#glossary-filter", Input).value = "ارهاب"
        await pilot.pause()
        options = app.screen.query_one("#glossary-terms", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert "terrorism" in ids and "security-council" not in ids


async def test_palette_looks_up_a_term_as_written() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"والإرهابيين")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert app.screen.result.entry is not None
        assert app.screen.result.entry.id == "terrorist"


async def test_a_broken_glossary_is_reported_and_the_text_still_opens(tmp_path: Path) -> None:
    broken = tmp_path / "glossary.yaml"
    broken.write_text("terms:\n  - id: x\n    ar: [\n", encoding="utf-8")
    app = ReaderApp(_article(), glossary_path=broken)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        [note] = [n for n in app._notifications if n.title == "Glossary not loaded"]
        assert f"{broken}:4:1: YAML syntax error" in note.message
        assert "Qatar" in app.screen.query_one(ParallelView).render_line(0).text
        assert _underlined(app) == []
        await pilot.press("left", "enter")
        await pilot.pause()
        # No glossary, but the dictionary still says what the word means.
        assert isinstance(app.screen, EntryScreen)
        assert app.screen.meaning.entries == ()
        assert "Qatar" in _entry_text(app)


async def test_a_word_of_a_multi_word_term_gives_the_term_and_marks_it() -> None:
    from tui_reader.core.study import StudyStore

    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("j")
        view = app.screen.query_one(ParallelView)
        assert app.text is not None
        segment = app.text.segments[1].ar
        words = view.words(1)
        target = next(i for i, (a, b) in enumerate(words) if segment[a:b] == "مكافحة")
        await pilot.press(*["left"] * (target + 1), "enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert app.screen.result.entry is not None
        assert app.screen.result.entry.id == "counter-terrorism"
        await pilot.press("escape", "m")
        await pilot.pause()
    assert StudyStore.open().marked == {"counter-terrorism"}


async def test_once_the_text_is_indexed_paging_matches_no_terms(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The index worker finds every segment's terms, so a page that comes into view only
    draws them; and they are the ones matching the page itself would find."""
    from tui_reader.core.glossary import Glossary, find_highlights

    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = app.screen.query_one(ParallelView)
        calls: list[str] = []
        find = Glossary.find

        def counted(self: Glossary, text: str) -> object:
            calls.append(text)
            return find(self, text)

        monkeypatch.setattr(Glossary, "find", counted)
        await pilot.press("pagedown", "pagedown", "end")
        await pilot.pause()
        assert _underlined(app)
        assert calls == []
        monkeypatch.setattr(Glossary, "find", find)
        for index, segment in enumerate(view.text):
            assert view.highlights(index) == find_highlights(segment, view.glossary), index
