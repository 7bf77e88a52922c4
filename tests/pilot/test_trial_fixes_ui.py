"""What a new-user trial found in the reader, the study drill, the palette and the help."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rich.cells import cell_len
from textual.widgets import Checkbox, Input, Label, OptionList, Static, TextArea

from tui_reader.cli import main
from tui_reader.core import library
from tui_reader.core.display import layout
from tui_reader.core.qa import NO_DRAFTS
from tui_reader.core.search import Query, QueryError, search
from tui_reader.core.statuses import StatusStore
from tui_reader.core.study import StudyStore
from tui_reader.core.text import Segment, Text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.commands import _help
from tui_reader.ui.screens.help import HelpScreen
from tui_reader.ui.screens.note import Draft, NoteScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.screens.study import CLOZE, StudyScreen, StudySetupScreen, scopes_for
from tui_reader.ui.widgets.concordance_panel import ConcordancePanel
from tui_reader.ui.widgets.parallel import ParallelView
from tui_reader.ui.widgets.qa_panel import ChecksPanel
from tui_reader.ui.widgets.search_panel import SearchPanel


def _article() -> Text:
    return library.open_text(library.DEFAULT_TEXT_ID)


async def test_a_regular_expression_error_wraps_whole_in_the_search_panel() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        panel = app.screen.query_one(SearchPanel)
        panel.query_one("#search-regex", Checkbox).value = True
        panel.query_one("#search-query", Input).value = "("
        await app.workers.wait_for_complete()
        await pilot.pause()
        count = panel.query_one("#search-count", Label)
        with pytest.raises(QueryError) as raised:
            search(Query("(", regex=True), [_article()])
        expected = str(raised.value)
        shown = " ".join(count.render_line(y).text.strip() for y in range(count.size.height))
        assert count.size.width <= panel.size.width
        assert expected in " ".join(shown.split())


def _sentence_rows(prompt: Static, lines: list[str]) -> list[tuple[str, int]]:
    """Each laid-out line as the prompt draws it, with the cell where it ends."""
    rows = [prompt.render_line(y).text for y in range(prompt.size.height)]
    found = []
    for line in lines:
        row = next((row for row in rows if line in row), "")
        found.append((line, cell_len(row[: row.find(line) + len(line)]) if row else -1))
    return found


async def test_a_study_card_lays_its_sentence_out_at_the_cards_width() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one(OptionList).focus()
        await pilot.press("enter")  # "Terms of this text"
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        while screen.contexts.get(screen.card.entry_id) is None:
            screen.position += 1
        screen._show_card()
        context = screen.contexts[screen.card.entry_id]
        sentence = context.sentence
        if screen.card.direction == "en-ar":
            sentence = sentence[: context.start] + CLOZE + sentence[context.end :]
        for size in ((120, 40), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            prompt = screen.query_one("#study-prompt", Static)
            width = prompt.content_size.width
            lines = [line.text for line in layout(sentence, width, True, True)]
            assert len(lines) > 1
            # Every line whole on its own row, each ending at the card's right edge.
            assert [end for _, end in _sentence_rows(prompt, lines)] == [width] * len(lines)


async def test_the_study_chooser_counts_one_word_in_the_singular() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        statuses = StatusStore.open()
        statuses.set("kitAb_1", 1, "كتاب")
        assert app.glossary is not None
        scopes = scopes_for(app.glossary, StudyStore.open(), [], statuses)
        app.push_screen(StudySetupScreen(scopes, StudyStore.open()))
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(3)]
        assert shown[0] == "Terms of this text  0 terms"
        assert shown[2] == "Words you are learning  1 word"


async def test_a_note_opens_with_the_cursor_at_its_end_and_ctrl_home_end_move() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(NoteScreen("passage", False, Draft("first line\nsecond", "comment", ())))
        await pilot.pause()
        body = app.screen.query_one("#note-body", TextArea)
        assert body.has_focus and body.cursor_location == body.document.end
        await pilot.press("ctrl+home")
        assert body.cursor_location == (0, 0)
        await pilot.press("ctrl+end", "!")
        assert body.text == "first line\nsecond!"


async def test_the_guide_lists_each_key_once_and_every_key_of_the_entry() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        guide = str(app.screen.query_one("#guide-text", Static).render())
        for section in guide.split("\n\n"):
            lines = [line.split(" (")[0] for line in section.splitlines() if line.startswith("  ")]
            assert len(lines) == len(set(lines)), section
        assert guide.count("Close panel") == 1
        assert "Status reading (in the entry)" in guide


async def test_the_concordance_panel_leaves_the_panes_side_by_side_at_120_columns() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.glossary is not None
        view = screen.query_one(ParallelView)
        assert view.side_by_side
        screen.stepping = screen.glossary.entries[0]
        await pilot.press("C")
        await pilot.pause()
        assert screen.query_one(ConcordancePanel).display
        assert view.side_by_side
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert not screen.query_one(ConcordancePanel).display and view.arrangement == "auto"


async def test_the_checks_panel_says_what_qa_says_when_nothing_is_drafted() -> None:
    article = _article()
    app = ReaderApp(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("Q")
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.screen.query_one(ChecksPanel)
        title = panel.query_one("#qa-title", Label)
        shown = " ".join(title.render_line(y).text.strip() for y in range(title.size.height))
        assert " ".join(shown.split()) == f"{NO_DRAFTS}; r checks the text's own English"
        assert panel.query_one("#qa-list", OptionList).option_count == 0
        status = str(app.screen.query_one("#status-position", Label).render())
        assert "issue" not in status
    result = CliRunner().invoke(main, ["qa", article.id])
    assert result.exit_code == 1 and NO_DRAFTS in result.output


async def test_arabic_in_the_palettes_help_is_shaped_and_in_visual_order() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)):
        assert app.glossary is not None
        entry = next(e for e in app.glossary.entries if "كافح" in e.definition)
        shown = _help(entry)
        assert not any("\u0621" <= char <= "\u064a" for char in shown)
        assert layout("كافح", 20)[0].text in shown


async def test_a_hit_in_another_text_is_highlighted_there_and_n_steps_through_its_hits() -> None:
    article = _article()
    segments = tuple(
        Segment(f"s{i + 1}", f"{s.ar} الدوحة", f"{s.en} Doha") for i, s in enumerate(article)
    )
    library.add_text(Text("other", "نص", "Other", segments))
    app = ReaderApp(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        panel = app.screen.query_one(SearchPanel)
        panel.query_one("#search-all", Checkbox).value = True
        panel.query_one("#search-query", Input).value = "الدوحة"
        # The search starts once the change is handled: only then is there a worker to wait for.
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert {hit.text_id for hit in panel.hits} == {"other"}
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.text.id == "other"
        view = screen.query_one(ParallelView)
        assert len(view.hits) == len(segments) and view.hit_index == 0
        assert view.current == 0
        status = str(screen.query_one("#status-position", Label).render())
        assert f"search: {len(segments)} hits · n/N" in status
        await pilot.press("n")
        await pilot.pause()
        assert view.hit_index == 1 and view.current == 1
        assert not isinstance(app.screen, NoteScreen)
