"""A glossary entry, shown over the reader."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from tui_reader.core.glossary import Lookup, entry_fields
from tui_reader.core.normalize import normalize
from tui_reader.ui.arabic import bidi

WIDTH = 70
LABEL_WIDTH = 17


class EntryScreen(ModalScreen[None]):
    """The entry for a word of the text, or what was tried when there is none."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "dismiss", "Close", id="entry.close"),
    ]

    def __init__(self, result: Lookup) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="entry"):
            yield Label(self._title(), id="entry-title")
            yield Static(self._body(), id="entry-body")
        yield Footer()

    def _title(self) -> Text:
        title = Text("Glossary: ", style="bold")
        title.append_text(bidi(self.result.word.strip(), WIDTH - 10))
        title.justify = "left"
        return title

    def _body(self) -> Table | Text:
        result = self.result
        if result.entry is None:
            message = Text("No glossary entry for this word.\n\nStems tried: ")
            tried = "، ".join(result.tried) or normalize(result.word)
            message.append_text(bidi(tried, WIDTH - 14))
            return message
        table = Table.grid(padding=(0, 1))
        table.add_column(style="bold", no_wrap=True, width=LABEL_WIDTH)
        table.add_column(width=WIDTH - LABEL_WIDTH - 1)
        for label, value, arabic in entry_fields(result.entry, result.analysis, result.word):
            table.add_row(label, bidi(value, WIDTH - LABEL_WIDTH - 1, rtl=arabic))
        return table
