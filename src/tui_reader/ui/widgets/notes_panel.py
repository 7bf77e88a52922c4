"""The notes panel: the text's notes, filtered by category or tag; choose one to jump to it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input, OptionList, Select
from textual.widgets.option_list import Option

from tui_reader.core.editing import first_strong_rtl
from tui_reader.core.errors import terminal_safe
from tui_reader.core.notes import CATEGORIES, Placed
from tui_reader.ui.arabic import first_line, ltr_line, plain, right_aligned
from tui_reader.ui.widgets.bidi_input import BidiInput
from tui_reader.ui.widgets.side_panel import SidePanel

LIST_WIDTH = 30
ALL = "all categories"


class NotesPanel(SidePanel):
    """Posts `NoteChosen` (enter), `EditRequested` (e) and `DeleteRequested` (d)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit note", id="notes.edit"),
        Binding("d,delete", "delete", "Delete note", id="notes.delete"),
    ]

    class NoteChosen(Message):
        def __init__(self, placed: Placed) -> None:
            self.placed = placed
            super().__init__()

    # Messages of their own, not kinds of `NoteChosen`: Textual calls a handler by the name of
    # the message's own class, so a subclass never reaches `on_notes_panel_note_chosen`.
    class EditRequested(Message):
        def __init__(self, placed: Placed) -> None:
            self.placed = placed
            super().__init__()

    class DeleteRequested(Message):
        def __init__(self, placed: Placed) -> None:
            self.placed = placed
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.placed: list[Placed] = []

    def compose(self) -> ComposeResult:
        yield Select(
            [(ALL, ALL), *((category, category) for category in CATEGORIES)],
            value=ALL,
            allow_blank=False,
            id="notes-category",
        )
        yield BidiInput(placeholder="filter by tag", id="notes-tag")
        yield OptionList(id="notes-list")

    def show(self, placed: list[Placed]) -> None:
        self.placed = sorted(
            placed,
            key=lambda p: (p.segment_index is None, p.segment_index or 0, p.start),
        )
        self.refill()

    def _visible(self) -> list[Placed]:
        category = self.query_one("#notes-category", Select).value
        tag = self.query_one("#notes-tag", Input).value.strip().casefold()
        return [
            item
            for item in self.placed
            if (category == ALL or item.note.category == category)
            and (not tag or any(tag in t.casefold() for t in item.note.tags))
        ]

    def refill(self) -> None:
        options = self.query_one("#notes-list", OptionList)
        options.clear_options()
        for number, item in enumerate(self._visible()):
            options.add_option(self._option(number, item))
        if options.option_count:
            options.highlighted = 0
        elif self.placed:
            options.add_option(Option(Text("No note matches.", style="italic"), disabled=True))
        else:
            message = "No notes yet: select words in the text and press n."
            options.add_option(Option(Text(message, style="italic"), disabled=True))

    def _option(self, number: int, item: Placed) -> Option:
        note = item.note
        where = "orphaned" if item.orphaned else f"segment {item.segment_index + 1}"  # type: ignore[operator]
        head = Text(
            f"{terminal_safe(note.category)} · {where}",
            style="bold",
            no_wrap=True,
            overflow="ellipsis",
        )
        # Each tag drawn on its own: an Arabic tag is a right-to-left run among English ones.
        for tag in note.tags:
            head.append("  ")
            head.append_text(plain(f"#{tag}", style="dim"))
        quote = note.anchor.quote
        if note.anchor.pane == "ar":
            shown = right_aligned(first_line(quote, LIST_WIDTH), LIST_WIDTH)
        else:
            shown = ltr_line(quote, LIST_WIDTH)
        head.append("\n" + shown)
        body = (note.body.strip().splitlines() or [""])[0]
        if first_strong_rtl(body):
            shown = right_aligned(first_line(body, LIST_WIDTH), LIST_WIDTH)
        else:
            shown = ltr_line(body, LIST_WIDTH)
        head.append("\n" + shown)
        return Option(head, id=str(number))

    def _highlighted(self) -> Placed | None:
        options = self.query_one("#notes-list", OptionList)
        if options.highlighted is None:
            return None
        visible = self._visible()
        return visible[options.highlighted] if options.highlighted < len(visible) else None

    def on_select_changed(self, event: Select.Changed) -> None:
        self.refill()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refill()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        item = self._highlighted()
        if item is not None:
            self.post_message(self.NoteChosen(item))

    def action_edit(self) -> None:
        item = self._highlighted()
        if item is not None:
            self.post_message(self.EditRequested(item))

    def action_delete(self) -> None:
        item = self._highlighted()
        if item is not None:
            self.post_message(self.DeleteRequested(item))
