"""The concordance panel: c on a term, a word or a selection; typing refines; more pages."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label, OptionList, Static

from tui_reader.core import library
from tui_reader.core.corpus import PAGE, add_source, open_corpus
from tui_reader.core.display import layout
from tui_reader.core.text import Segment, Text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.widgets.concordance_panel import ConcordancePanel
from tui_reader.ui.widgets.parallel import ParallelView

TERM = "تمويل الإرهاب"


def _article() -> Text:
    return library.open_text(library.DEFAULT_TEXT_ID)


def _corpus(tmp_path: Path, name: str = "un.tmx", extra: int = 0) -> None:
    units = [
        ("مكافحة تمويل الإرهاب", "countering the financing of terrorism"),
        ("تمويل الإرهاب جريمة", "terrorist financing is a crime"),
        *(
            (f"تقرير رقم {n} عن تمويل الإرهاب", f"report {n} on terrorist financing")
            for n in range(extra)
        ),
    ]
    body = "".join(
        f'<tu><tuv xml:lang="ar"><seg>{ar}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>'
        for ar, en in units
    )
    path = tmp_path / name
    path.write_text(f"<tmx><body>{body}</body></tmx>", encoding="utf-8")
    store = open_corpus()
    add_source(store, str(path))
    add_source(store, library.DEFAULT_TEXT_ID)
    store.close()


def _reverse(prompt: object) -> str:
    from rich.text import Text as RichText

    assert isinstance(prompt, RichText)
    return "".join(
        prompt.plain[span.start : span.end] for span in prompt.spans if "reverse" in str(span.style)
    )


async def test_c_on_a_glossary_term_shows_its_pairs_and_how_the_corpus_rendered_it(
    tmp_path: Path,
) -> None:
    _corpus(tmp_path)
    text = Text("t", "", "", (Segment("s1", "نرفض " + TERM + " بكل أشكاله", "We reject it"),))
    index, start = 0, len("نرفض ")
    app = ReaderApp(text)
    async with app.run_test(size=(140, 45)) as pilot:
        await app.workers.wait_for_complete()
        view = app.screen.query_one(ParallelView)
        view.go_to(index)
        view.word = (start, start + len("تمويل"))
        await pilot.press("C")
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.screen.query_one(ConcordancePanel)
        assert panel.display and panel.entry is not None
        assert panel.entry.id == "terrorist-financing"
        assert panel.query_one(Input).value == TERM
        assert str(panel.query_one("#concordance-status", Label).render()).startswith("4 exact")
        options = panel.query_one("#concordance-pairs", OptionList)
        first = options.get_option_at_index(0).prompt
        assert str(first).startswith("un.tmx · exact\n")
        # The shortest pair first: Arabic shaped, the match reversed, and its English term.
        assert _reverse(first) == layout(TERM, 40)[0].text + "terrorist financing"
        rendered = str(panel.query_one("#concordance-renderings", Static).render())
        assert panel.renderings is not None
        lines = rendered.splitlines()
        assert lines[0].strip() == layout(TERM, 44)[0].text
        assert lines[1] == "terrorist financing 3, financing of terrorism 2"


async def test_c_with_no_word_opens_the_panel_and_typing_refines_page_by_page(
    tmp_path: Path,
) -> None:
    _corpus(tmp_path, extra=PAGE + 5)
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("C")
        panel = app.screen.query_one(ConcordancePanel)
        field = panel.query_one(Input)
        assert panel.display and field.has_focus
        await pilot.press(*"report")
        await app.workers.wait_for_complete()
        await pilot.pause()
        options = panel.query_one("#concordance-pairs", OptionList)
        assert len(panel.lines) == PAGE
        assert options.get_option_at_index(options.option_count - 1).id == "more"
        options.focus()
        options.highlighted = options.option_count - 1
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(panel.lines) == PAGE + 5 and panel.next is None
        assert {line.pair.en.split()[0] for line in panel.lines} == {"report"}
        field.value = "report 7 on"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [line.pair.en for line in panel.lines] == ["report 7 on terrorist financing"]


async def test_an_empty_corpus_says_how_to_fill_it() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("C")
        app.screen.query_one(ConcordancePanel).query_one(Input).value = "قطر"
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = app.screen.query_one("#concordance-status", Label)
        assert "Your reference corpus is empty" in str(status.render())
        assert "corpus add FILE.tmx" in str(status.render())
        # Wrapped in the panel, not cut at its edge.
        panel = app.screen.query_one(ConcordancePanel)
        assert status.size.height > 1 and status.size.width <= panel.size.width


async def test_a_hostile_source_name_is_shown_as_written(tmp_path: Path) -> None:
    _corpus(tmp_path, name="[@click=app.quit]x\x1b[31m.tmx")
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("C")
        app.screen.query_one(ConcordancePanel).query_one(Input).value = "crime"
        await app.workers.wait_for_complete()
        await pilot.pause()
        options = app.screen.query_one("#concordance-pairs", OptionList)
        prompt = str(options.get_option_at_index(0).prompt)
        assert prompt.startswith("[@click=app.quit]x␛[31m.tmx · exact")
        assert app.is_running


async def test_a_term_typed_as_the_glossary_writes_it_gets_its_renderings(tmp_path: Path) -> None:
    _corpus(tmp_path)
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("C")
        panel = app.screen.query_one(ConcordancePanel)
        panel.query_one(Input).value = "تمويل الارهاب"  # no hamza: folded as search folds
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert panel.renderings is not None
        assert panel.renderings.entry.id == "terrorist-financing"
        panel.query_one(Input).value = "عاصمة"  # not a term
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert panel.renderings is None and panel.entry is None
