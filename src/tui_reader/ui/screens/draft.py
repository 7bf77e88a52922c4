"""The draft editor: your English of one segment, under its Arabic and the reference."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label

from tui_reader.core.errors import terminal_safe
from tui_reader.core.text import Segment
from tui_reader.ui.screens.note import close_unless_typed_in
from tui_reader.ui.widgets.bidi_editor import BidiTextArea
from tui_reader.ui.widgets.bidi_static import BidiStatic

FULL_ROWS = 30
"""Rows under which the source box gives way to the editor."""
TALL_ROWS = 40
"""Rows from which the source box takes twice its rows: a long segment and its reference
then show whole, without scrolling a box the keys do not reach (shift+tab does)."""


@dataclass(frozen=True)
class Saved:
    """What the editor returns: the draft, and whether the next segment's editor follows."""

    text: str
    next: bool = False


class DraftScreen(ModalScreen[Saved | None]):
    """Your draft of a segment. Arabic quoted inside the English reads right (the editor
    draws it through the display pipeline); the English runs left to right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="draft.save"),
        Binding("ctrl+n", "save(True)", "Save, next segment", id="draft.save_next"),
        Binding("escape", "cancel", "Cancel", id="draft.cancel"),
    ]

    def __init__(self, segment: Segment, number: int, total: int, draft: str) -> None:
        super().__init__()
        self.opened_with = ""
        self.segment = segment
        self.heading = f"Your English of segment {number} of {total}"
        self.draft = draft

    def compose(self) -> ComposeResult:
        with Vertical(id="draft"):
            yield Label(Text(self.heading, style="bold"), id="draft-title")
            with VerticalScroll(id="draft-source"):
                yield BidiStatic(self.segment.ar, id="draft-arabic")
                if self.segment.en.strip():
                    yield BidiStatic(
                        self.segment.en, rtl=False, style="italic", id="draft-reference"
                    )
            # A draft from a damaged or hostile file is shown safe; saved, it keeps what is shown.
            body = terminal_safe(self.draft, lines=True, tabs=True)
            yield BidiTextArea(body, direction="ltr", placeholder="Your English", id="draft-body")
        yield Footer()

    def on_mount(self) -> None:
        editor = self.query_one("#draft-body", BidiTextArea)
        self.opened_with = editor.text
        editor.focus()
        editor.move_cursor(editor.document.end)

    def on_resize(self) -> None:
        # At 80x24 the source and reference in full would leave the editor a single row:
        # they scroll in fewer rows, and the editor keeps its own.
        self.set_class(self.size.height < FULL_ROWS, "-short")
        self.set_class(self.size.height >= TALL_ROWS, "-tall")

    def action_save(self, next: bool = False) -> None:
        self.dismiss(Saved(self.query_one("#draft-body", BidiTextArea).text.strip(), next))

    def typed(self) -> bool:
        return self.query_one("#draft-body", BidiTextArea).text != self.opened_with

    def action_cancel(self) -> None:
        close_unless_typed_in(self)
