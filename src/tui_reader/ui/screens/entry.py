"""What a word means, shown over the reader: its glossary entry first, the dictionary below."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from tui_reader.core.dictionary import Lemma
from tui_reader.core.glossary import Entry, Lookup, entry_fields
from tui_reader.core.meaning import MARKS_IGNORED, Meaning, WordLemmas, parts, stems_tried
from tui_reader.core.statuses import Reading
from tui_reader.ui.arabic import bidi, plain

WIDTH = 70
LABEL_WIDTH = 17
FIRST_LEMMAS = 3
"""Lemma groups shown at first for each word; the rest on `m`."""


@dataclass(frozen=True)
class EntryRequest:
    """What the dialog asks of the reader when it closes: to edit or delete a term of the
    user's own glossary, or to give a word's status to the reading chosen here."""

    action: Literal["edit", "delete", "reading"]
    entry: Entry | None = None
    word: str = ""
    lemma_key: str = ""


class EntryScreen(ModalScreen[EntryRequest | None]):
    """The glossary entry of a word of the text (or of the term it is part of), then the
    dictionary's readings of it; for an English word, the entries and lemmas glossed so."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "close", "Close", id="entry.close"),
        Binding("m", "more", "All readings", id="entry.more"),
        Binding("r", "next_reading", "Status reading", id="entry.reading"),
        Binding("e", "request('edit')", "Edit term", id="entry.edit"),
        Binding("d", "request('delete')", "Delete term", id="entry.delete"),
    ]

    def __init__(
        self,
        result: Meaning | Lookup,
        own: frozenset[str] = frozenset(),
        readings: Sequence[Reading] = (),
        chosen: str = "",
    ) -> None:
        super().__init__()
        if isinstance(result, Lookup):
            entries = (result.entry,) if result.entry is not None else ()
            result = Meaning(result.word, False, entries, result, ())
        self.meaning = result
        self.own = own
        """Ids of the user's own terms: those can be edited and deleted here."""
        self.showing_all = False
        self.readings = tuple(readings)
        """The lemmas the word's status can belong to, likeliest first (a word of the text)."""
        self.chosen = chosen or (self.readings[0].key if self.readings else "")
        """The lemma key the word's status follows: the reader's, until `r` moves it."""
        self._chosen_at_open = self.chosen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="entry"):
            yield Label(self._title(), id="entry-title")
            yield Static(self._body(), id="entry-body")
        yield Footer()

    @property
    def result(self) -> Lookup:
        """The glossary's part: the first entry and how the word was read to find it."""
        found = self.meaning.found
        entry = self.meaning.entries[0] if self.meaning.entries else None
        return Lookup(self.meaning.query, entry, found.analysis if found is not None else None)

    @property
    def own_entry(self) -> Entry | None:
        entries = self.meaning.entries
        return entries[0] if entries and entries[0].id in self.own else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "more":
            return not self.showing_all and any(
                len(word.lemmas) > FIRST_LEMMAS for word in self.meaning.words
            )
        if action == "request":
            return self.own_entry is not None
        if action == "next_reading":
            return len(self.readings) > 1
        return True

    def action_close(self) -> None:
        if self.chosen == self._chosen_at_open:
            self.dismiss(None)
        else:
            self.dismiss(EntryRequest("reading", word=self.meaning.query, lemma_key=self.chosen))

    def action_next_reading(self) -> None:
        keys = [reading.key for reading in self.readings]
        # A key the dictionary no longer gives (a choice from another lexicon) starts over.
        at = keys.index(self.chosen) if self.chosen in keys else -1
        self.chosen = keys[(at + 1) % len(keys)]
        self.query_one("#entry-body", Static).update(self._body())

    def action_more(self) -> None:
        self.showing_all = True
        self.query_one("#entry-body", Static).update(self._body())
        self.refresh_bindings()

    def action_request(self, action: Literal["edit", "delete"]) -> None:
        entry = self.own_entry
        if entry is not None:
            self.dismiss(EntryRequest(action, entry))

    def _title(self) -> Text:
        title = Text("Look up: ", style="bold")
        title.append_text(bidi(self.meaning.query, WIDTH - 10, rtl=not self.meaning.english))
        title.justify = "left"
        return title

    def _body(self) -> RenderableType:
        meaning = self.meaning
        parts_: list[RenderableType] = []
        if meaning.entries:
            parts_.append(self._entry(meaning.entries[0]))
            if meaning.entries[0].id in self.own:
                parts_.append(Text("Your term: e edits it, d deletes it.", style="italic"))
        for entry in meaning.entries[1:]:
            also = Text("also: ", style="bold")
            also.append_text(plain(f"{entry.en} = {entry.ar} ({entry.id})"))
            parts_.append(also)
        if meaning.dictionary_error:
            parts_.append(plain(f"\ndictionary unavailable: {meaning.dictionary_error}"))
        if len(self.readings) > 1:
            parts_.append(self._status_reading())
        for word in meaning.words:
            parts_ += self._dictionary(word)
        if not parts_:
            what = "entry" if not meaning.words else "entry or dictionary reading"
            nothing = Text(f"No glossary {what} for this word.")
            tried = stems_tried(meaning.query) if not meaning.english else []
            if tried:
                nothing.append("\nStems tried: ")
                nothing.append_text(plain("، ".join(tried)))
            parts_.append(nothing)
        return Group(*parts_)

    def _entry(self, entry: Entry) -> Table:
        found = self.meaning.found
        analysis = found.analysis if found is not None else None
        table = _grid()
        written = found.word if found is not None else self.meaning.query
        for label, value, arabic in entry_fields(entry, analysis, written):
            table.add_row(label, bidi(value, WIDTH - LABEL_WIDTH - 1, rtl=arabic))
        return table

    def _dictionary(self, word: WordLemmas) -> list[RenderableType]:
        if not word.lemmas:
            return []
        heading = Text("\nDictionary: ", style="bold")
        if not self.meaning.english:
            heading.append_text(bidi(word.word, WIDTH - 12))
            heading.justify = "left"
        shown = word.lemmas if self.showing_all else word.lemmas[:FIRST_LEMMAS]
        out: list[RenderableType] = [heading]
        if word.marks_ignored:
            out.append(Text(MARKS_IGNORED, style="italic"))
        out += [self._lemma(lemma) for lemma in shown]
        hidden = len(word.lemmas) - len(shown)
        if hidden:
            out.append(Text(f"{hidden} more reading{'s' if hidden > 1 else ''}: press m"))
        return out

    def _status_reading(self) -> Text:
        keys = [reading.key for reading in self.readings]
        at = keys.index(self.chosen) if self.chosen in keys else 0
        line = Text("\nYour status follows: ", style="bold")
        line.append_text(bidi(self.readings[at].lemma, WIDTH - 40))
        line.append(f" (reading {at + 1} of {len(keys)}; r: the next)")
        line.justify = "left"
        return line

    def _lemma(self, lemma: Lemma) -> Table:
        analysis = lemma.first
        table = _grid()
        value_width = WIDTH - LABEL_WIDTH - 1
        table.add_row("", "")
        table.add_row("lemma", bidi(analysis.lemma, value_width))
        if not self.meaning.english:
            table.add_row("vocalized", bidi(analysis.vocalized, value_width))
        table.add_row("part of speech", plain(analysis.pos))
        table.add_row("English", bidi(analysis.gloss, value_width, rtl=False))
        if analysis.prefixes or analysis.suffixes:
            table.add_row("parts", bidi(parts(analysis), value_width))
        if len(self.readings) > 1 and f"lex:{lemma.lemma_id}" == self.chosen:
            table.add_row("", Text("◂ your status follows this reading", style="italic"))
        return table


def _grid() -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True, width=LABEL_WIDTH)
    table.add_column(width=WIDTH - LABEL_WIDTH - 1)
    return table
