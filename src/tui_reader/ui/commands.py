"""Command palette providers."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from tui_reader.core.errors import terminal_safe
from tui_reader.core.glossary import Entry, Glossary, Lookup
from tui_reader.core.morphology import Analysis
from tui_reader.ui.arabic import first_line
from tui_reader.ui.screens.entry import EntryScreen


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
    """The palette reads a hit's help as markup: a definition is escaped, never run."""
    return escape(terminal_safe(entry.definition))
