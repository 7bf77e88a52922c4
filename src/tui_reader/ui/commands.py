"""The command palette: its providers, and an input that draws Arabic as the reader does."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.command import (
    CommandInput,
    CommandList,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Provider,
    SearchIcon,
)
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widgets import Button, LoadingIndicator

from tui_reader.core.errors import terminal_safe
from tui_reader.core.glossary import Entry, Glossary, Lookup
from tui_reader.core.morphology import Analysis
from tui_reader.ui.arabic import first_line, plain
from tui_reader.ui.screens.entry import EntryScreen
from tui_reader.ui.widgets.bidi_input import BidiInput


class ArabicCommandInput(CommandInput, BidiInput):
    """The palette's query, a `CommandInput` (its styles, the palette's queries) drawn as a
    `BidiInput`: a term typed in Arabic reads joined and right to left. `CommandInput` first:
    Textual takes CSS type names along the first base only."""


class ArabicCommandPalette(CommandPalette):
    """Textual's palette with `ArabicCommandInput`. Textual builds its input in `compose`
    with no hook to choose the class, so this is its `compose` (Textual 8) with the one
    widget changed; `tests/pilot/test_typing_arabic.py` fails if the palette stops using it."""

    def compose(self) -> ComposeResult:
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield ArabicCommandInput(placeholder=self._placeholder, select_on_focus=False)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield CommandList()
                yield LoadingIndicator()


class GlossaryCommands(Provider):
    """Look up a glossary term: type Arabic (any form) or English."""

    def _glossary(self) -> Glossary | None:
        glossary = getattr(self.app, "glossary", None)
        return glossary if isinstance(glossary, Glossary) else None

    def _show(self, entry: Entry) -> None:
        self.app.push_screen(EntryScreen(Lookup(entry.ar, entry, Analysis(entry.ar))))

    def _label(self, entry: Entry) -> Text:
        label = Text(f"Glossary: {terminal_safe(entry.en)}  ")
        label.append(first_line(entry.ar, 40), style="bold")
        return label

    async def discover(self) -> Hits:
        glossary = self._glossary()
        for entry in glossary.entries if glossary else ():
            yield DiscoveryHit(self._label(entry), partial(self._show, entry), help=_help(entry))

    async def search(self, query: str) -> Hits:
        glossary = self._glossary()
        if glossary is None:
            return
        found = glossary.lookup(query)
        if found.entry is not None:
            yield Hit(1.0, self._label(found.entry), partial(self._show, found.entry))
        for rank, entry in enumerate(glossary.filter(query)[:30]):
            if entry is not found.entry:
                score = 0.9 - rank / 100
                yield Hit(score, self._label(entry), partial(self._show, entry), help=_help(entry))


def _help(entry: Entry) -> str:
    """The palette reads a hit's help as markup: a definition is escaped, never run. Its
    Arabic runs are shaped and ordered as the panes draw them (`plain`), the help being a
    string the palette draws as it is."""
    return escape(plain(entry.definition).plain)
