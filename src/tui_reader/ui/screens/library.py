"""The library: every text, bundled and the user's own, to open or delete."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label

from tui_reader.core import library
from tui_reader.core.drafts import DraftStore
from tui_reader.core.english import counted
from tui_reader.core.errors import TuiReaderError
from tui_reader.core.library import load_text
from tui_reader.core.statuses import Counts, StatusStore, text_counts
from tui_reader.core.text import TextError
from tui_reader.ui.arabic import first_line, ltr_line, plain
from tui_reader.ui.messages import OpenText
from tui_reader.ui.screens.note import ConfirmScreen
from tui_reader.ui.screens.reader import ReaderScreen

ARABIC_WIDTH = 34


class LibraryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Before the table's own (hidden) enter, so that the footer shows it.
        Binding("enter", "open", "Open", priority=True, id="library.open"),
        Binding("d,delete", "delete", "Delete", id="library.delete"),
        Binding("home", "edge(0)", "First", show=False, priority=True, id="library.first"),
        Binding("end", "edge(-1)", "Last", show=False, priority=True, id="library.last"),
        Binding("escape", "back", "Back to the text", id="library.back"),
    ]

    def __init__(self, current: str | None = None) -> None:
        super().__init__()
        self.current = current
        """The id of the text to put the cursor on (the one being read, or read last)."""
        self.summaries: list[library.Summary] = []
        self.drafted: dict[str, int] = {}
        """Segments drafted, by text id."""
        self.words: dict[str, Counts] = {}
        """Words new, learning and known, by text id."""

    def compose(self) -> ComposeResult:
        yield Label(Text("Library", style="bold"), id="library-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="library-table")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self._load()

    def on_resize(self) -> None:
        if self.summaries:
            self._show(self.summaries)

    def action_edge(self, row: int) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=row % table.row_count)

    @work(thread=True, exclusive=True, group="library")
    def _load(self) -> None:
        found = library.summaries()
        drafted = {
            summary.id: min(len(DraftStore.open(summary.id)), summary.segments) for summary in found
        }
        statuses = StatusStore.open()
        words = {}
        for summary in found:
            try:
                words[summary.id] = text_counts(load_text(summary.path), statuses)
            except (TextError, OSError):
                continue
        self.app.call_from_thread(self._show, found, drafted, words)

    def _show(
        self,
        found: list[library.Summary],
        drafted: dict[str, int] | None = None,
        words: dict[str, Counts] | None = None,
    ) -> None:
        self.summaries = found
        if drafted is not None:
            self.drafted = drafted
        if words is not None:
            self.words = words
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        # The numbers always show; the titles share what is left of the width.
        numbers = (
            ("Segments", 8),
            ("Read", 4),
            ("Drafted", 9),
            ("Notes", 5),
            ("New·Lrn·Known", 14),
            ("", 7),
        )
        room = self.size.width - sum(width for _, width in numbers) - 2 * (len(numbers) + 2) - 2
        arabic_width = max(min(room // 2, ARABIC_WIDTH), 8)
        english_width = max(room - arabic_width, 8)
        table.add_column("Arabic title", width=arabic_width, key="ar")
        table.add_column("English title", width=english_width, key="en")
        for label, width in numbers:
            table.add_column(label, width=width, key=label or "origin")
        for summary in found:
            title_ar = first_line(summary.title_ar or summary.id, arabic_width)
            table.add_row(
                Text(title_ar, justify="right", no_wrap=True),
                Text(ltr_line(summary.title_en or summary.id, english_width), no_wrap=True),
                Text(str(summary.segments), justify="right"),
                Text(f"{summary.progress}%", justify="right"),
                Text(f"{self.drafted.get(summary.id, 0)}/{summary.segments}", justify="right"),
                Text(str(summary.notes), justify="right"),
                Text(_words(self.words.get(summary.id)), justify="right"),
                Text("bundled" if summary.bundled else "yours", style="dim"),
                key=summary.id,
            )
        ids = [summary.id for summary in found]
        if self.current in ids:
            table.move_cursor(row=ids.index(self.current))
            self.current = None
        elif found:
            table.move_cursor(row=min(cursor, len(found) - 1))

    def _selected(self) -> library.Summary | None:
        table = self.query_one(DataTable)
        if not self.summaries or table.cursor_row >= len(self.summaries):
            return None
        return self.summaries[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.post_message(OpenText(chosen.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Opened first (no text given, or none to go back to), there is no text to go back to.
        if action == "back":
            return len(self.app.screen_stack) > 2
        return True

    def action_delete(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        if chosen.bundled:
            self.notify("Bundled texts cannot be deleted.", severity="warning")
            return
        if chosen.id in self._open_below():
            # Its reader would go on saving its drafts, notes and position under its id.
            self.notify(
                "This text is open in the reader: open another one (enter), then delete it.",
                severity="warning",
            )
            return

        def done(answer: bool | None) -> None:
            if not answer:
                return
            try:
                kept = library.delete_text(chosen.id)
            except (TuiReaderError, OSError) as error:
                self.notify(str(error), severity="error", markup=False)
                return
            where = f" Kept aside: {', '.join(_kept_names(kept))}." if kept else ""
            self.notify(f"“{chosen.title_en}” was removed from the library.{where}", markup=False)
            self._load()

        drafted = self.drafted.get(chosen.id, 0)
        detail = plain(chosen.title_en)
        detail.append(
            f"\n{counted(chosen.segments, 'segment')}, {counted(chosen.notes, 'note')}, "
            f"{drafted} drafted"
        )
        if chosen.notes or drafted:
            detail.append("\nIts notes and drafts are kept aside, not deleted.", style="italic")
        self.app.push_screen(ConfirmScreen("Delete this text from the library?", detail), done)

    def _open_below(self) -> set[str]:
        """The ids of the texts open in readers under this screen."""
        return {
            screen.text.id for screen in self.app.screen_stack if isinstance(screen, ReaderScreen)
        }

    def action_back(self) -> None:
        self.app.pop_screen()


def _kept_names(kept: list[Path]) -> list[str]:
    """Files set aside, named within the data folder (`notes/ID.jsonl.deleted-DATE`)."""
    return [f"{path.parent.name}/{path.name}" for path in kept]


def _words(counts: Counts | None) -> str:
    """Lemmas new, learning and known, and the share of running words known."""
    if counts is None:
        return "-"
    return f"{counts.new}·{counts.learning}·{counts.known} {counts.percent_known}%"
