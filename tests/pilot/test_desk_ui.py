"""The translator's desk in the reader: drafts, the English pane's modes, the checks panel,
compare, and the drafted count in the library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import DataTable, OptionList

from tui_reader.cli import main
from tui_reader.core import library
from tui_reader.core.drafts import DraftStore, drafts_path
from tui_reader.core.text import Segment, Text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.compare import CompareScreen, WordDiff
from tui_reader.ui.screens.draft import DraftScreen
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.screens.note import ConfirmScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets.bidi_editor import BidiTextArea
from tui_reader.ui.widgets.painting import DRAFT_MARK
from tui_reader.ui.widgets.parallel import ParallelView
from tui_reader.ui.widgets.qa_panel import ChecksPanel

SIZE = (120, 40)


def _article() -> Text:
    return library.open_text(library.DEFAULT_TEXT_ID)


def _imported(tmp_path: Path) -> Text:
    """An Arabic-only text: a term of the glossary, a number."""
    path = tmp_path / "report.txt"
    path.write_text("تمويل الإرهاب في عام 2019.\nقطر في المقدمة.\nاجتماع ثالث.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(path)])
    assert result.exit_code == 0, result.output
    return library.open_text("report")


def _screen(app: ReaderApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def _status(app: ReaderApp) -> str:
    return str(_screen(app).query_one("#status-position").render())


def _screen_text(app: ReaderApp) -> str:
    view = app.screen.query_one(ParallelView)
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


async def _write(pilot: object, app: ReaderApp, draft: str, key: str = "ctrl+s") -> None:
    editor = app.screen.query_one("#draft-body", BidiTextArea)
    editor.text = draft
    await pilot.press(key)  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def test_w_writes_a_draft_ctrl_n_goes_on_escape_cancels_once_confirmed(
    tmp_path: Path,
) -> None:
    text = _imported(tmp_path)
    app = ReaderApp(text)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        assert "segment 1 of 3" in str(app.screen.query_one("#draft-title").render())
        await _write(pilot, app, "Countering terror money in 2019.", "ctrl+n")
        assert isinstance(app.screen, DraftScreen)
        assert "segment 2 of 3" in str(app.screen.query_one("#draft-title").render())
        await _write(pilot, app, "Qatar at the forefront.")
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("j", "w")
        await pilot.pause()
        app.screen.query_one("#draft-body", BidiTextArea).text = "Not kept"
        await pilot.press("escape")
        await pilot.pause()
        # What was typed is not thrown away on one key: escape again goes back to it.
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        assert app.screen.query_one("#draft-body", BidiTextArea).text == "Not kept"
        await pilot.press("escape", "y")
        await pilot.pause()
        store = DraftStore.open(text.id)
        assert (store.get("s1"), store.get("s2"), store.get("s3")) == (
            "Countering terror money in 2019.",
            "Qatar at the forefront.",
            "",
        )
        assert "drafted 2/3" in _status(app)
        shown = _screen_text(app)
        # No reference: the draft is the English, and a drafted segment is marked.
        assert "Qatar at the forefront." in shown
        assert shown.count(DRAFT_MARK) == 2
        # A blank cell between the mark and the Arabic line's first word.
        assert all(
            line[line.index(DRAFT_MARK) - 1] == " "
            for line in shown.split("\n")
            if DRAFT_MARK in line
        )
    assert drafts_path(text.id).is_file()
    assert text.path is not None and "forefront" not in text.path.read_text(encoding="utf-8")
    again = ReaderApp(library.open_text(text.id))
    async with again.run_test(size=SIZE) as pilot:
        await again.workers.wait_for_complete()
        await pilot.pause()
        assert "Qatar at the forefront." in _screen_text(again)
        assert "drafted 2/3" in _status(again)


async def test_v_shows_the_reference_the_draft_or_both() -> None:
    text = _article()
    store = DraftStore.open(text.id)
    store.put("s1", "Qatar leads the supporters")
    store.save()
    app = ReaderApp(text)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The first words: the whole reference wraps in the pane.
        reference = " ".join(text.segments[0].en.split()[:5])
        assert "English: reference" in _status(app)
        assert reference in _screen_text(app) and "leads" not in _screen_text(app)
        await pilot.press("v")
        await pilot.pause()
        assert "English: draft" in _status(app)
        assert "Qatar leads the supporters" in _screen_text(app)
        assert reference not in _screen_text(app)
        await pilot.press("v")
        await pilot.pause()
        assert "English: both" in _status(app)
        shown = _screen_text(app)
        assert reference in shown and "▸ Qatar leads the supporters" in shown
        await pilot.press("v")
        await pilot.pause()
        assert "English: reference" in _status(app)
    assert library.open_text(text.id).segments[0].en == text.segments[0].en


async def test_the_checks_panel_lists_jumps_and_ignores(tmp_path: Path) -> None:
    text = _imported(tmp_path)
    store = DraftStore.open(text.id)
    store.put("s1", "Countering terror money.")
    store.put("s2", "Qatar in the lead.")
    store.put("s3", "A third meeting.")
    store.save()
    app = ReaderApp(text)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = _screen(app)
        kinds = [(issue.segment_id, issue.kind, issue.key) for issue in screen.issues or []]
        assert kinds == [
            ("s1", "term", "term:terrorist-financing"),
            ("s1", "number", "number:2019"),
        ]
        assert "2 issues" in _status(app)
        await pilot.press("Q")
        await pilot.pause()
        panel = screen.query_one(ChecksPanel)
        assert panel.display and "2 open in the draft" in str(panel.query_one("#qa-title").render())
        await pilot.press("enter")
        await pilot.pause()
        view = screen.view
        assert view.current == 0 and view.focus_span is not None
        assert text.segments[0].ar[slice(*view.focus_span[1:])] == "تمويل الإرهاب"
        await pilot.press("Q", "down", "i")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [issue.kind for issue in screen.issues or []] == ["term"]
        assert "1 issue" in _status(app)
        document = json.loads(drafts_path(text.id).read_text(encoding="utf-8"))
        assert document["ignored"]["draft"] == {"s1": ["number:2019"]}
        # Fixed in the editor, the term goes too.
        await pilot.press("escape", "w")
        await pilot.pause()
        await _write(pilot, app, "Countering terrorist financing.")
        assert screen.issues == []
        assert "issue" not in _status(app)
        # The reference is checked when asked: this text has none.
        await pilot.press("Q", "r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.issues == []
        title = str(panel.query_one("#qa-title").render())
        assert "the text has no English of its own" in title and "r checks" not in title


async def test_enter_on_an_issue_of_the_draft_shows_the_draft() -> None:
    """The English pane showing the reference, a term missing from the draft is fixed in the
    draft: enter on the issue shows it."""
    text = _article()
    store = DraftStore.open(text.id)
    store.put(text.segments[2].id, "The conference was held as the world faces terror.")
    store.save()
    app = ReaderApp(text)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = _screen(app)
        view = screen.view
        assert view.english_mode == "reference"
        issues = screen.issues or []
        at = next(i for i, issue in enumerate(issues) if issue.segment_id == text.segments[2].id)
        assert issues[at].kind == "term" and issues[at].en_span is None
        # The issue is in the current segment: the status line must follow the pane anyway.
        await pilot.press("j", "j")
        assert view.current == 2 and "English: reference" in _status(app)
        await pilot.press("Q")
        await pilot.pause()
        await pilot.press(*["down"] * at, "enter")
        await pilot.pause()
        assert view.current == 2 and view.english_mode == "draft"
        assert "English: draft" in _status(app)


async def test_enter_on_a_rendering_to_avoid_marks_it_in_the_english(tmp_path: Path) -> None:
    text = _imported(tmp_path)
    store = DraftStore.open(text.id)
    store.put("s2", "Qatar قطر ahead.")
    store.save()
    app = ReaderApp(text)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("Q")
        await pilot.pause()
        options = _screen(app).query_one("#qa-list", OptionList)
        issues = _screen(app).issues or []
        options.highlighted = [issue.kind for issue in issues].index("untranslated", 1)
        await pilot.press("enter")
        await pilot.pause()
        view = _screen(app).view
        assert view.current == 1 and view.pane == "en" and view.english_mode == "draft"
        assert view.word is not None
        assert view.text.segments[1].en[slice(*view.word)] == "قطر"


async def test_x_compares_the_draft_with_the_reference_word_by_word() -> None:
    text = _article()
    store = DraftStore.open(text.id)
    assert text.segments[0].en == "Qatar among the foremost supporters and participants"
    store.put("s1", "Qatar leads the foremost supporters of and participants")
    store.save()
    app = ReaderApp(text)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        diff = app.screen.query_one(WordDiff)
        shown = diff.diff(diff.content_region.width)
        insert = diff.get_component_rich_style("word-diff--insert", partial=True)
        delete = diff.get_component_rich_style("word-diff--delete", partial=True)
        styled = {(str(shown)[span.start : span.end], str(span.style)) for span in shown.spans}
        assert ("leads", str(insert)) in styled
        assert styled == {
            ("leads", str(insert)),
            ("among", str(delete)),
            ("of", str(insert)),
        }
        await pilot.press("escape")
        await pilot.press("j")
        await pilot.pause()
        # No draft of segment 2: nothing to compare, and x says why.
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert [n for n in app._notifications if "No draft of segment 2" in n.message]


async def test_the_library_shows_how_much_is_drafted(tmp_path: Path) -> None:
    text = _imported(tmp_path)
    store = DraftStore.open(text.id)
    store.put("s1", "One")
    store.save()
    app = ReaderApp(None)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(DataTable)
        drafted = [str(table.get_row_at(row)[4]) for row in range(table.row_count)]
        assert drafted == ["0/17", "1/3"]


async def test_a_hostile_drafts_file_is_reported_and_shown_safe() -> None:
    text = _article()
    path = drafts_path(text.id)
    path.parent.mkdir(parents=True)
    hostile = {"version": 1, "drafts": {"s1": {"text": "Qatar \x1b]0;owned\x07 [@click=app.quit]"}}}
    path.write_text(json.dumps(hostile), encoding="utf-8")
    app = ReaderApp(text)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("v")
        await pilot.pause()
        shown = _screen_text(app)
        assert "\x1b" not in shown and "\x07" not in shown and "[@click=app.quit]" in shown
        await pilot.press("w")
        await pilot.pause()
        assert "\x1b" not in app.screen.query_one("#draft-body", BidiTextArea).text
        await pilot.press("escape")
    path.write_text("{broken", encoding="utf-8")
    app = ReaderApp(text)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [notification.message for notification in app._notifications]
        assert any("not a drafts file" in message for message in messages)
        await pilot.press("w")
        await pilot.pause()
        await _write(pilot, app, "Qatar first")
    assert DraftStore.open(text.id).get("s1") == "Qatar first"
    assert list(path.parent.glob("*.damaged-*"))


async def test_nothing_is_checked_before_a_first_draft_and_everything_after(
    tmp_path: Path,
) -> None:
    """A text with English of its own and no draft is not checked (`qa.unchecked`): opening
    it runs no check of its segments, which for a book took memory at every opening."""
    text = _article()
    app = ReaderApp(text)
    async with app.run_test(size=SIZE) as pilot:
        screen = _screen(app)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen._checked == {}
        assert screen.issues == []
        await pilot.press("w")
        await _write(pilot, app, "Qatar first")
        assert len(screen._checked) == len(text)


async def test_a_save_checks_the_text_without_writing_out_its_segments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textual describes a worker by the `repr` of its arguments unless told otherwise: the
    check's were every segment with its English, eight milliseconds of the loop at every
    save on a 1 MB book."""
    written: list[int] = []

    def writing(self: Segment) -> str:
        written.append(1)
        return "segment"

    monkeypatch.setattr(Segment, "__repr__", writing)
    text = _article()
    app = ReaderApp(text)
    async with app.run_test(size=SIZE) as pilot:
        screen = _screen(app)
        await app.workers.wait_for_complete()
        await pilot.press("w")
        await _write(pilot, app, "Qatar first")
        assert len(screen._checked) == len(text)
        assert not written
