"""Writing a note, and confirming a deletion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, runtime_checkable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from tui_reader.core.display import layout
from tui_reader.core.errors import terminal_safe
from tui_reader.core.notes import CATEGORIES
from tui_reader.ui.widgets.bidi_editor import BidiTextArea
from tui_reader.ui.widgets.bidi_input import BidiInput
from tui_reader.ui.widgets.bidi_static import BidiStatic

WIDTH = 76
"""The dialog's width where the screen has room (`#note` in app.tcss)."""
FRAME = 8
"""Cells of the dialog's width the passage does not get: border, padding, its scrollbar."""
QUOTE_ROWS = 8
"""The rows the passage takes at most before it scrolls (`#note-quote` in app.tcss)."""
FULL_ROWS = 26
"""Rows the full form takes besides the passage: the border and padding, the title, the
passage's margins, the body, the fields, the buttons, their margins, the footer, and the 5% of
the screen kept around the dialog (app.tcss)."""


@dataclass(frozen=True)
class Draft:
    """What the dialog returns: the note's text, category and tags."""

    body: str
    category: str
    tags: tuple[str, ...]


class NoteScreen(ModalScreen[Draft | None]):
    """The passage, and the note on it: text (several lines), a category, free tags."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
        # `c` is a letter here: the body's own ctrl+c copies its selection, and without one
        # comes here.
        Binding("ctrl+c", "copy_passage", "Copy passage", id="note.copy"),
        Binding("ctrl+home", "body_end(False)", "Start of the note", show=False, id="note.start"),
        Binding("ctrl+end", "body_end(True)", "End of the note", show=False, id="note.end"),
    ]

    def __init__(
        self, passage: str, rtl: bool, draft: Draft | None = None, *, title: str = "New note"
    ) -> None:
        super().__init__()
        self.opened_with: tuple[object, ...] = ()
        self.passage = passage
        self.rtl = rtl
        self.draft = draft or Draft("", "comment", ())
        self.heading = title

    def compose(self) -> ComposeResult:
        # Scrolls when even the short form does not fit, so that no control is ever out of
        # reach; a focused control is scrolled into view.
        with VerticalScroll(id="note"):
            yield Label(Text(self.heading, style="bold"), id="note-title")
            # A long passage scrolls in its own box: the controls under it stay on screen.
            with VerticalScroll(id="note-quote"):
                yield BidiStatic(self.passage, rtl=self.rtl, id="note-passage")
            # A body from a notes file is shown safe; saved, it keeps what is shown.
            body = terminal_safe(self.draft.body, lines=True, tabs=True)
            yield BidiTextArea(body, id="note-body")
            with Horizontal(id="note-fields"):
                yield Select(
                    [(category, category) for category in CATEGORIES],
                    value=self.draft.category,
                    allow_blank=False,
                    id="note-category",
                )
                yield BidiInput(
                    terminal_safe(", ".join(self.draft.tags)),
                    placeholder="tags, comma separated",
                    id="note-tags",
                )
            with Horizontal(id="note-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="note-save")
                yield Button("Cancel (esc)", id="note-cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.opened_with = self._fields()
        body = self.query_one("#note-body", TextArea)
        body.focus()
        # A note opened to be edited is most often added to.
        body.move_cursor(body.document.end)

    def action_body_end(self, end: bool) -> None:
        body = self.query_one("#note-body", TextArea)
        body.focus()
        body.move_cursor(body.document.end if end else body.document.start)

    def on_resize(self) -> None:
        # Where the whole form does not fit (a long passage at 80x24), the short form: no
        # margins, the passage in a few rows of its own box, a smaller body.
        # The passage's rows at the width it will get (the dialog narrows with the screen).
        width = max(min(WIDTH, self.size.width) - FRAME, 1)
        rows = len(layout(self.passage, width, self.rtl))
        self.set_class(self.size.height < FULL_ROWS + min(rows, QUOTE_ROWS), "-short")

    def action_save(self) -> None:
        body = self.query_one("#note-body", TextArea).text.strip()
        if not body:
            self.notify("Write something first, or press escape to cancel.", severity="warning")
            return
        category = self.query_one("#note-category", Select).value
        tags = self.query_one("#note-tags", Input).value.split(",")
        self.dismiss(
            Draft(
                body,
                category if isinstance(category, str) else "comment",
                tuple(tag.strip() for tag in tags if tag.strip()),
            )
        )

    def _fields(self) -> tuple[object, ...]:
        return (
            self.query_one("#note-body", TextArea).text,
            self.query_one("#note-category", Select).value,
            self.query_one("#note-tags", Input).value,
        )

    def typed(self) -> bool:
        return self._fields() != self.opened_with

    def action_cancel(self) -> None:
        close_unless_typed_in(self)

    def action_copy_passage(self) -> None:
        """The passage the note is on, as written (logical order), to the system clipboard."""
        self.app.copy_to_clipboard(terminal_safe(self.passage, lines=True))
        self.notify("Copied the passage to the clipboard.", timeout=3)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "note-save":
            self.action_save()
        else:
            self.action_cancel()


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; "no" is the default."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: Text | str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(Text(self.question, style="bold"))
            if self.detail:
                yield Static(self.detail, id="confirm-detail")
            with Horizontal(id="confirm-buttons"):
                yield Button("Yes (y)", variant="error", id="confirm-yes")
                yield Button("No (n)", variant="primary", id="confirm-no")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")


@runtime_checkable
class TypedIn(Protocol):
    """A form that can tell whether something was typed in it since it opened."""

    def typed(self) -> bool: ...


DISCARD_DETAIL = "y discards it; n or escape goes back to it."


def close_unless_typed_in(screen: ModalScreen[Any]) -> None:
    """Close a form without saving; when something was typed in it, only once the user says
    to discard it (the default, and escape, go back to the form)."""
    if not (isinstance(screen, TypedIn) and screen.typed()):
        screen.dismiss(None)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            screen.dismiss(None)

    screen.app.push_screen(ConfirmScreen("Discard what you typed?", DISCARD_DETAIL), answered)
