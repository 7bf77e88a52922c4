"""Notes in the reader: select, write, see it marked, edit, delete, list, survive restarts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.segment import Segment
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, TextArea

from tui_reader.core import library
from tui_reader.core.display import layout
from tui_reader.core.notes import NoteStore, notes_path
from tui_reader.core.rows import ARABIC_INSET
from tui_reader.core.text import Text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.note import ConfirmScreen, NoteScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets.notes_panel import NotesPanel
from tui_reader.ui.widgets.parallel import ParallelView


def _article() -> Text:
    return library.open_text(library.DEFAULT_TEXT_ID)


def _view(app: ReaderApp) -> ParallelView:
    return app.screen.query_one(ParallelView)


def _noted(app: ReaderApp) -> str:
    """The text drawn with the note background, in screen order."""
    view = _view(app)
    note_style = view.get_component_rich_style("parallel--note")
    marked: list[Segment] = [
        segment
        for y in range(view.size.height)
        for segment in view.render_line(y)
        if segment.style and segment.style.bgcolor == (view.rich_style + note_style).bgcolor
    ]
    return "".join(segment.text for segment in marked)


async def _write(pilot: object, app: ReaderApp, body: str, category: str, tags: str) -> None:
    screen = app.screen
    assert isinstance(screen, NoteScreen)
    screen.query_one("#note-body", TextArea).text = body
    screen.query_one("#note-category", Select).value = category
    screen.query_one("#note-tags", Input).value = tags
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_select_words_write_a_note_and_find_it_marked_after_a_restart() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        view = _view(app)
        await pilot.press("j", "left", "shift+left", "shift+left")
        assert app.text is not None
        segment = app.text.segments[1]
        assert view.selection is not None
        start, end = view.selection
        assert segment.ar[start:end] == "استضافت عاصمة جمهورية"
        await pilot.press("n")
        await pilot.pause()
        await _write(pilot, app, "Who is the subject?\nCheck the source.", "query", "syntax, s2")
        assert not isinstance(app.screen, NoteScreen)
        [note] = NoteStore.open(app.text.id)
        assert note.anchor.quote == "استضافت عاصمة جمهورية"
        assert (note.category, note.tags) == ("query", ("syntax", "s2"))
        assert note.body == "Who is the subject?\nCheck the source."
        assert layout("استضافت عاصمة جمهورية", 80)[0].text in _noted(app)
        assert "1 note" in str(app.screen.query_one("#status-position").render())
    again = ReaderApp(_article())
    async with again.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        assert len(_view(again).notes_at(1)) == 1
        assert layout("استضافت عاصمة جمهورية", 80)[0].text in _noted(again)


async def test_a_note_on_a_whole_segment_is_marked_in_both_panes() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await _write(pilot, app, "Headline: keep it short.", "style", "")
        marked = _noted(app)
        assert "Qatar among the foremost" in marked
        assert app.text is not None
        assert layout(app.text.segments[0].ar, 80)[0].text in marked


async def test_a_note_in_the_english_pane() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("j", "p", "right", "shift+right")
        view = _view(app)
        assert view.pane == "en"
        start, end = view.selection or (0, 0)
        assert app.text is not None
        assert app.text.segments[1].en[start:end] == "On 16"
        await pilot.press("n")
        await pilot.pause()
        await _write(pilot, app, "Date style: 16–17 May.", "style", "")
        [note] = NoteStore.open(app.text.id)
        assert note.anchor.pane == "en" and note.anchor.quote == "On 16"
        assert _noted(app) == "On 16"


async def test_mouse_drag_selects_words(tmp_path: Path) -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        view = _view(app)
        region = view.segment_region(1)
        row = region.y
        await pilot.mouse_down(ParallelView, offset=(2, row))
        await pilot.hover(ParallelView, offset=(12, row))
        await pilot.mouse_up(ParallelView, offset=(12, row))
        start, end = view.selection or (0, 0)
        assert view.pane == "en"
        assert app.text is not None
        assert app.text.segments[1].en[start:end] == "On 16 and 17"
        # The same on the Arabic side: dragging leftwards from the first word.
        line = view.block(1).arabic[0]
        right_edge = view.scrollable_content_region.width - 2 - ARABIC_INSET
        await pilot.mouse_down(ParallelView, offset=(right_edge, row))
        await pilot.hover(ParallelView, offset=(right_edge - 14, row))
        await pilot.mouse_up(ParallelView, offset=(right_edge - 14, row))
        start, end = view.selection or (0, 0)
        assert view.pane == "ar" and start == 0
        assert app.text.segments[1].ar[start:end] in ("استضافت عاصمة", "استضافت عاصمة جمهورية")
        assert line.width > 20


async def test_edit_and_delete_from_the_text_with_confirmation() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await _write(pilot, app, "first", "comment", "")
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NoteScreen)
        assert screen.query_one("#note-body", TextArea).text == "first"
        await _write(pilot, app, "second", "terminology", "t")
        assert app.text is not None
        [note] = NoteStore.open(app.text.id)
        assert (note.body, note.category, note.tags) == ("second", "terminology", ("t",))
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert len(NoteStore.open(app.text.id)) == 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert len(NoteStore.open(app.text.id)) == 0
        assert _noted(app) == ""


async def test_notes_panel_filters_and_jumps_to_a_note() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await _write(pilot, app, "headline", "style", "")
        await pilot.press(*["j"] * 8, "left", "n")
        await pilot.pause()
        await _write(pilot, app, "resolution title", "terminology", "un")
        await pilot.press("home", "o")
        await pilot.pause()
        panel = app.screen.query_one(NotesPanel)
        options = app.screen.query_one("#notes-list", OptionList)
        assert panel.display and options.option_count == 2
        panel.query_one("#notes-category", Select).value = "terminology"
        await pilot.pause()
        assert options.option_count == 1
        options.focus()
        await pilot.press("enter")
        await pilot.pause()
        view = _view(app)
        assert view.current == 8 and view.selection is not None


async def test_a_damaged_notes_file_is_reported_and_set_aside_on_save() -> None:
    path = notes_path("dushanbe-2019")
    path.parent.mkdir(parents=True)
    path.write_text("garbage\n", encoding="utf-8")
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        assert any(n.title == "Notes file damaged" for n in app._notifications)
        await pilot.press("n")
        await pilot.pause()
        await _write(pilot, app, "new", "comment", "")
        [aside] = path.parent.glob("dushanbe-2019.jsonl.damaged-*")
        assert aside.read_text(encoding="utf-8") == "garbage\n"
        assert len(NoteStore.open("dushanbe-2019")) == 1


async def test_an_unwritable_data_folder_keeps_the_note_on_screen_and_says_so(
    user_dirs: dict[str, Path],
) -> None:
    user_dirs["data"].parent.mkdir(parents=True, exist_ok=True)
    user_dirs["data"].write_text("not a folder")
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await _write(pilot, app, "kept", "comment", "")
        assert any(n.title == "Notes not saved" for n in app._notifications)
        assert len(_view(app).notes_at(0)) == 1


async def test_export_from_the_palette(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await _write(pilot, app, "exported", "comment", "")
        await pilot.press("ctrl+p")
        await pilot.press(*"Export notes as JSON")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert "Writing dushanbe-2019-notes.json…" in messages
        assert f"Written to {tmp_path / 'dushanbe-2019-notes.json'}" in messages
    document = json.loads((tmp_path / "dushanbe-2019-notes.json").read_text(encoding="utf-8"))
    assert document["total"] == 1


async def test_exports_from_the_palette_glossary_and_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        for command in ("Export glossary as TBX", "Export text as XLIFF"):
            await pilot.press("ctrl+p", *command)
            await pilot.pause(0.5)
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
    assert (tmp_path / "tui-reader-glossary.tbx").stat().st_size > 1000
    # The constraint file the TBX names goes beside it, as from the command line.
    assert "TBXBasic-ar-en.xcs" in (tmp_path / "tui-reader-glossary.tbx").read_text("utf-8")
    assert (tmp_path / "TBXBasic-ar-en.xcs").stat().st_size > 1000
    assert "trans-unit" in (tmp_path / "dushanbe-2019.xliff").read_text(encoding="utf-8")


async def _import_from_palette(pilot: Pilot[None], app: ReaderApp, path: Path) -> None:
    """Import terms through the palette's prompt, and wait until the worker is done."""
    from tui_reader.ui.screens.prompt import PromptScreen

    await pilot.press("ctrl+p", *"Import glossary terms")
    await pilot.pause(0.5)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, PromptScreen)
    app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_importing_terms_from_the_palette(tmp_path: Path) -> None:
    terms = tmp_path / "terms.csv"
    terms.write_text("ar,en\nأمن الموانئ,port security\n", encoding="utf-8")
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await _import_from_palette(pilot, app, terms)
        assert any(n.title == "Glossary import" for n in app._notifications)
    again = ReaderApp(_article())
    assert again.glossary is not None and "port-security" in again.glossary.by_id


async def test_importing_a_file_that_is_not_there_says_so(tmp_path: Path) -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await _import_from_palette(pilot, app, tmp_path / "missing.tbx")
        (failed,) = [n for n in app._notifications if n.title == "Nothing imported"]
        assert "missing.tbx" in failed.message


async def test_an_empty_answer_to_the_import_prompt_asks_again() -> None:
    from tui_reader.ui.screens.prompt import PromptScreen

    app = ReaderApp(_article())
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("ctrl+p", *"Import glossary terms")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert [n for n in app._notifications if "Type an answer first" in n.message]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
