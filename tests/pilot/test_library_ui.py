"""The library screen: several texts, open one, come back, delete a user text."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from textual.widgets import DataTable

from tui_reader import paths
from tui_reader.cli import main
from tui_reader.core import library
from tui_reader.core.drafts import DraftStore
from tui_reader.core.notes import Anchor, NoteStore, new_note
from tui_reader.core.rows import NO_ENGLISH
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.screens.note import ConfirmScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets.parallel import ParallelView


def _import_one(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("تقرير قصير\nالجملة الأولى. الجملة الثانية.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(path), "--title", "Short report"])
    assert result.exit_code == 0, result.output


async def test_several_texts_open_the_library_and_enter_opens_one(tmp_path: Path) -> None:
    _import_one(tmp_path)
    app = ReaderApp(None)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        assert str(table.get_row_at(1)[1]) == "Short report"
        # The footer shows how to open one, and no way back to a text that is not there.
        footer = app.screen._compositor.render_strips()[-1].text
        assert "⏎ Open" in footer and "Back to the text" not in footer
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.text.id == "report"
        view = app.screen.query_one(ParallelView)
        assert NO_ENGLISH in view.render_line(0).text
        await pilot.press("L")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "Back to the text" in app.screen._compositor.render_strips()[-1].text
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen) and app.screen.text.id == "report"


async def test_the_library_remembers_what_was_read_last(tmp_path: Path) -> None:
    _import_one(tmp_path)
    app = ReaderApp(library.open_text("report"))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("j")
        await pilot.pause()
    again = ReaderApp(None)
    async with again.run_test(size=(120, 30)) as pilot:
        await again.workers.wait_for_complete()
        await pilot.pause()
        table = again.screen.query_one(DataTable)
        assert table.cursor_row == 1
        assert str(table.get_row_at(1)[3]) == "67%"


async def test_deleting_a_user_text_asks_first_and_keeps_its_notes_and_drafts(
    tmp_path: Path,
) -> None:
    _import_one(tmp_path)
    text = library.open_text("report")
    store = NoteStore.open("report")
    store.put(new_note(Anchor.make(text.segments[0], 0, 5), "mine"))
    store.save()
    drafts = DraftStore.open("report")
    drafts.put(text.segments[0].id, "My English")
    drafts.save()
    app = ReaderApp(None)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)  # the bundled text is not deletable
        await pilot.press("down", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        detail = str(app.screen.query_one("#confirm-detail").render())
        assert (
            "3 segments, 1 note, 1 drafted" in detail
            and "notes and drafts are kept aside" in detail
        )
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [e.id for e in library.entries()] == ["dushanbe-2019"]
        assert app.screen.query_one(DataTable).row_count == 1
        [message] = [n.message for n in app._notifications if "removed" in n.message]
        assert "Kept aside: notes/report.jsonl.deleted-" in message
        assert ", drafts/report.json.deleted-" in message and str(tmp_path) not in message
    data = paths.user_texts_dir().parent
    kept = list((data / "notes").glob("report.jsonl.deleted-*"))
    assert len(kept) == 1 and "mine" in kept[0].read_text(encoding="utf-8")
    kept = list((data / "drafts").glob("report.json.deleted-*"))
    assert len(kept) == 1 and "My English" in kept[0].read_text(encoding="utf-8")


HOSTILE = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202eتم\u202c"


def _clean(text: str) -> bool:
    import unicodedata

    return not any(unicodedata.category(char) in ("Cc", "Cf", "Cs") for char in text)


async def test_escape_sequences_in_an_imported_text_never_reach_the_terminal(
    tmp_path: Path,
) -> None:
    arabic = tmp_path / "bad.txt"
    arabic.write_text(f"عنوان {HOSTILE}\nجملة {HOSTILE}.\n", encoding="utf-8")
    english = tmp_path / "bad.en.txt"
    english.write_text(f"Title {HOSTILE}\nSentence {HOSTILE}.\n", encoding="utf-8")
    title = f"T{HOSTILE}"
    result = CliRunner().invoke(
        main, ["import", str(arabic), "--en", str(english), "--title", title]
    )
    assert result.exit_code == 0, result.output
    app = ReaderApp(library.open_text("bad"))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ParallelView)
        rows = [view.render_line(y).text for y in range(view.size.height)]
        assert all(_clean(row) for row in rows)
        assert "␛" in "".join(rows)  # shown as a visible symbol, not obeyed
        assert _clean(str(app.screen.query_one("#status-title").render()))
        await pilot.press("L")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        cells = [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
        assert all(_clean(cell) for cell in cells)


async def test_the_library_fits_a_narrow_window(tmp_path: Path) -> None:
    _import_one(tmp_path)
    app = ReaderApp(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        total = sum(column.get_render_width(table) for column in table.columns.values())
        assert total <= 80
        await pilot.press("end")
        assert table.cursor_row == 1
        await pilot.press("home")
        assert table.cursor_row == 0


def test_a_cut_arabic_label_ends_in_an_ellipsis_where_it_goes_on() -> None:
    from rich.cells import cell_len

    from tui_reader.ui.arabic import first_line

    title = "الفصل الأول: قطر في مقدمة الداعمين والمشاركين في المؤتمر الدولي"
    cut = first_line(title, 20)
    assert cut.startswith("…") and cell_len(cut) <= 20
    assert first_line("قطر", 20) == first_line("قطر", 3) == "ﺮﻄﻗ"


async def test_the_text_open_in_the_reader_is_not_deleted_from_under_it(tmp_path: Path) -> None:
    """Its reader would go on saving its drafts under its id, for a later import to inherit."""
    _import_one(tmp_path)
    app = ReaderApp(library.open_text("report"))
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("L")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(table.cursor_row)[1]) == "Short report"
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert [n for n in app._notifications if "open in the reader" in n.message]
        assert "report" in [entry.id for entry in library.entries()]
