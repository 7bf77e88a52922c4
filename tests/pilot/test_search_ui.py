"""Search in the reader: as you type, grouped, jump, exact highlight, n / N, escape."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Input, Label, OptionList

from tui_reader.core import library
from tui_reader.core.display import layout
from tui_reader.core.text import Segment, Text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.entry import EntryScreen
from tui_reader.ui.screens.note import NoteScreen
from tui_reader.ui.widgets.parallel import ParallelView
from tui_reader.ui.widgets.search_panel import SearchPanel


def _article() -> Text:
    return library.open_text(library.DEFAULT_TEXT_ID)


def _current_hit_text(app: ReaderApp) -> str:
    view = app.screen.query_one(ParallelView)
    style = view.get_component_rich_style("parallel--hit-current", partial=True)
    return "".join(
        segment.text
        for y in range(view.size.height)
        for segment in view.render_line(y)
        if segment.style
        and segment.style.reverse
        and segment.style.bold == style.bold
        and segment.style.color == style.color
    )


async def _search(pilot: object, app: ReaderApp, query: str) -> SearchPanel:
    await pilot.press("slash")  # type: ignore[attr-defined]
    panel = app.screen.query_one(SearchPanel)
    panel.query_one("#search-query", Input).value = query
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    return panel


async def test_the_count_says_how_many_hits_n_steps_through_in_this_text() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        panel = await _search(pilot, app, "تمويل")
        here = [hit for hit in panel.hits if hit.kind in ("ar", "en")]
        assert 0 < len(here) < len(panel.hits)  # the glossary has it too
        count = str(panel.query_one("#search-count", Label).render())
        assert count.startswith(f"{len(panel.hits)} hits for ")
        assert count.split("\n")[1] == f"{len(here)} in this text (n / N after enter)"
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.screen.query_one(ParallelView).hits) == len(here)


async def test_a_word_typed_without_hamza_is_found_jumped_to_and_highlighted() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        panel = await _search(pilot, app, "الارهابيين")
        count = str(panel.query_one("#search-count", Label).render())
        assert (
            count.split("\n")[0]
            == f"{len(panel.hits)} hits for " + layout("الارهابيين", 30)[0].text
        )
        options = panel.query_one("#search-results", OptionList)
        assert str(options.get_option_at_index(0).prompt).startswith("Arabic · 2")
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.query_one(ParallelView)
        assert view.current == 6 and view.hit_index == 0
        assert _current_hit_text(app) == layout("الإرهابيين", 20)[0].text
        await pilot.press("n")
        await pilot.pause()
        assert view.hit_index == 1
        await pilot.press("N")
        assert view.hit_index == 0
        await pilot.press("escape")
        assert view.hits == []
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)


async def test_english_hits_are_highlighted_in_the_english_pane() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        panel = await _search(pilot, app, "security council")
        assert panel.hits[0].kind == "en"
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.query_one(ParallelView)
        assert view.pane == "en"
        assert _current_hit_text(app).lower() == "security council"


async def test_a_glossary_hit_opens_the_entry() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        panel = await _search(pilot, app, "hawala")
        assert {hit.kind for hit in panel.hits} == {"glossary"}
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)


async def test_a_bad_regular_expression_is_reported_in_the_panel() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("slash")
        panel = app.screen.query_one(SearchPanel)
        panel.query_one("#search-regex", Checkbox).value = True
        panel.query_one("#search-query", Input).value = "(تمويل"
        await app.workers.wait_for_complete()
        await pilot.pause()
        message = str(panel.query_one("#search-count", Label).render())
        assert message.startswith("not a valid regular expression")
        assert panel.hits == []


async def test_a_runaway_regular_expression_leaves_the_reader_free(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While a pathological pattern runs, keys still work; then the panel says why it
    stopped."""
    import threading
    from collections.abc import Iterator

    from tui_reader.core import search as search_module

    monkeypatch.setattr(search_module, "REGEX_SECONDS", 3.0)
    limited = search_module._limited
    finished = threading.Event()

    def watched(pattern: object, folded: str) -> Iterator[tuple[int, int]]:
        try:
            yield from limited(pattern, folded)  # type: ignore[arg-type]
        finally:
            finished.set()

    monkeypatch.setattr(search_module, "_limited", watched)
    long = Text("long", "", "", (Segment("s1", "ب" * 5000 + "ج", "x"), Segment("s2", "د", "y")))
    app = ReaderApp(long)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("slash")
        panel = app.screen.query_one(SearchPanel)
        panel.query_one("#search-regex", Checkbox).value = True
        # A timer counts how often the event loop turns while the search runs: `re` held
        # the GIL from start to end, and the count stayed at nought.
        turns: list[bool] = []
        app.set_interval(0.05, lambda: turns.append(finished.is_set()))
        panel.query_one("#search-query", Input).value = "(ب|بب)+$"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert finished.is_set()
        assert turns.count(False) >= 10
        assert "make it simpler" in str(panel.query_one("#search-count", Label).render())


async def test_forms_option_finds_inflected_words() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        panel = await _search(pilot, app, "منظمة")
        plain = {hit.source[hit.start : hit.end] for hit in panel.hits if hit.kind == "ar"}
        panel.query_one("#search-forms", Checkbox).value = True
        await app.workers.wait_for_complete()
        await pilot.pause()
        forms = {hit.source[hit.start : hit.end] for hit in panel.hits if hit.kind == "ar"}
        # A substring search highlights the letters typed; forms highlight whole words.
        assert plain == {"منظمة"}
        assert {"المنظمة", "ومنظمة"} <= forms


async def test_palette_opens_search() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("ctrl+p", *"Search")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(SearchPanel).display


async def test_after_a_jump_escape_ends_the_search_then_closes_the_panel() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        panel = await _search(pilot, app, "الارهاب")
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.query_one(ParallelView)
        assert view.has_focus and panel.display and view.hits
        # Back to the open panel, not closing it.
        await pilot.press("slash")
        await pilot.pause()
        assert panel.display and panel.query_one("#search-query", Input).has_focus
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert panel.display and not view.hits and view.word is None
        await pilot.press("escape")
        await pilot.pause()
        assert not panel.display and view.has_focus
        footer = " ".join(str(key.render()) for key in app.screen.query("FooterKey"))
        assert "Close panel" not in footer


async def test_all_texts_answers_from_the_library_index_with_the_same_hits() -> None:
    from tui_reader.core.notes import NoteStore
    from tui_reader.core.search import Query, search

    article = _article()
    for number in range(2):
        segments = tuple(
            Segment(f"s{i + 1}", f"{s.ar} {number}", s.en) for i, s in enumerate(article)
        )
        library.add_text(Text(f"other-{number}", "نص", f"Other {number}", segments))
    app = ReaderApp(article)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("slash")
        panel = app.screen.query_one(SearchPanel)
        loaded: list[int] = []
        everything = panel.library
        panel.library = lambda: loaded.append(1) or everything()  # type: ignore[func-returns-value]
        panel.query_one("#search-all", Checkbox).value = True
        for text, regex, loads in (("الارهاب", False, False), ("الإرهاب?", True, True)):
            loaded.clear()
            panel.query_one("#search-regex", Checkbox).value = regex
            panel.query_one("#search-query", Input).value = text
            texts = library.load_all()
            stores = {t.id: NoteStore.open(t.id) for t in texts}
            expected = search(Query(text, regex=regex), texts, panel.glossary, stores)
            # Each change starts a search after a short pause in the typing: the last one's
            # hits are awaited (the regex box and the query may start one each).
            for _ in range(100):
                await pilot.pause(0.02)
                await app.workers.wait_for_complete()
                if panel.hits == expected:
                    break
            assert panel.hits == expected
            assert {hit.text_id for hit in panel.hits} >= {"other-0", "other-1", article.id}
            # The other texts are read only for a regular expression.
            assert bool(loaded) == loads


async def test_an_arabic_snippet_is_shown_whole_beside_the_scrollbar() -> None:
    """A right-to-left snippet is right-aligned: cut at the right, it would lose the words it
    begins with (the match, for a glossary term), as it did once the list had a scrollbar."""
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await _search(pilot, app, "تمويل")
        options = panel.query_one("#search-results", OptionList)
        assert options.max_scroll_y > 0
        shown = "\n".join(options.render_line(y).text for y in range(options.size.height))
        for term in ("تمويل الإرهاب", "تمويل انتشار التسلح"):
            assert layout(term, 40)[0].text in shown, term


async def test_a_search_does_not_write_out_the_notes_it_searches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The search worker gets a copy of the notes; Textual would describe the worker by the
    `repr` of every note at every change of the query."""
    from tui_reader.core.notes import NoteStore

    written: list[int] = []

    def writing(self: NoteStore) -> str:
        written.append(1)
        return "notes"

    monkeypatch.setattr(NoteStore, "__repr__", writing)
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        panel = await _search(pilot, app, "الارهابيين")
        assert panel.hits
        assert not written
