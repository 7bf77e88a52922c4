"""The search panel: a query, its options, and hits grouped by kind as you type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui_reader.core.english import counted
from tui_reader.core.errors import terminal_safe
from tui_reader.core.glossary import Glossary
from tui_reader.core.notes import NoteStore
from tui_reader.core.search import (
    KIND_NAMES,
    Hit,
    Query,
    QueryError,
    TextIndex,
    ordered,
    search,
)
from tui_reader.core.text import Text as Document
from tui_reader.core.text_index import library_hits, narrows
from tui_reader.ui.arabic import first_line, ltr_line, plain, right_aligned
from tui_reader.ui.widgets.bidi_input import BidiInput
from tui_reader.ui.widgets.side_panel import SidePanel

SNIPPET_WIDTH = 34
MAX_SHOWN = 300


class SearchPanel(SidePanel):
    """Runs searches in a worker and posts `HitChosen` when a hit is picked."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_results", "To the results", show=False, id="search.to_results"),
    ]

    class HitChosen(Message):
        def __init__(self, hit: Hit, hits: list[Hit]) -> None:
            self.hit = hit
            self.hits = hits
            super().__init__()

    def __init__(
        self,
        text: Document,
        library: Callable[[], list[Document]],
        glossary: Glossary | None,
        store: NoteStore,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.text = text
        self.library = library
        """Loads every text of the library; called in the search worker, only for "all texts"."""
        self.glossary = glossary
        self.store = store
        self.hits: list[Hit] = []
        self._others: list[Document] | None = None
        """The library's other texts, read once when "all texts" is first searched."""
        self._indexes: dict[str, tuple[Document, TextIndex]] = {}
        """Each text folded once, the first time it is searched (in the worker), with the
        text it was folded from (a text opened again is another, and folded again)."""

    def compose(self) -> ComposeResult:
        yield BidiInput(placeholder="search: Arabic or English", id="search-query")
        with Horizontal(id="search-options"):
            yield Checkbox("forms", id="search-forms", tooltip="Arabic words match their forms")
            yield Checkbox("regex", id="search-regex", tooltip="A regular expression")
        with Horizontal(id="search-options-2"):
            yield Checkbox("word", id="search-word", tooltip="Whole words only")
            yield Checkbox("all texts", id="search-all", tooltip="Every text in the library")
        yield Label("", id="search-count")
        yield OptionList(id="search-results")

    def query_now(self) -> Query:
        return Query(
            self.query_one("#search-query", Input).value,
            regex=self.query_one("#search-regex", Checkbox).value,
            forms=self.query_one("#search-forms", Checkbox).value,
            whole_word=self.query_one("#search-word", Checkbox).value,
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        self.run_search()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.run_search()

    def run_search(self) -> None:
        query = self.query_now()
        if not query.text.strip():
            self._show([], "")
            return
        # The worker gets a copy of the notes: the screen may add one while it searches.
        notes = replace(self.store, notes=dict(self.store.notes))
        self._search(query, self.query_one("#search-all", Checkbox).value, notes)

    # Described: Textual would write out the `repr` of every note given, at every change
    # of the query.
    @work(thread=True, exclusive=True, group="search", description="the search")
    def _search(self, query: Query, everywhere: bool, notes: NoteStore) -> None:
        texts = [self.text]
        stores = {self.text.id: notes}
        others: list[Hit] | None = None
        if everywhere and narrows(query):
            # The other texts through the library's index: none of them is read or kept.
            try:
                others = library_hits(query, NoteStore.open, exclude={self.text.id})
            except QueryError as error:
                if not get_current_worker().is_cancelled:
                    self.app.call_from_thread(self._show, [], str(error))
                return
        if everywhere and others is None:
            if self._others is None:
                self._others = [text for text in self.library() if text.id != self.text.id]
            texts += self._others
            stores.update({text.id: NoteStore.open(text.id) for text in self._others})
        for text in texts:
            folded = self._indexes.get(text.id)
            if folded is None or folded[0] is not text:
                self._indexes[text.id] = (text, TextIndex.build(text))
        indexes = {text_id: index for text_id, (_, index) in self._indexes.items()}
        try:
            hits = search(query, texts, self.glossary, stores, indexes)
            if others:
                hits = ordered(hits + others)
        except QueryError as error:
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._show, [], str(error))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, hits, "")

    def _show(self, hits: list[Hit], error: str) -> None:
        self.hits = hits
        count = self.query_one("#search-count", Label)
        options = self.query_one("#search-results", OptionList)
        options.clear_options()
        if error:
            count.update(Text(terminal_safe(error), style="bold red"))
            return
        if not self.query_one("#search-query", Input).value.strip():
            count.update("")
            return
        query = self.query_one("#search-query", Input).value.strip()
        # n and N step through the hits of this text's panes only: say how many those are
        # when the glossary, notes or other texts add to them.
        here = sum(1 for hit in hits if hit.in_panes_of(self.text.id))
        label = Text(f"{counted(len(hits), 'hit')} for ")
        label.append(first_line(query, SNIPPET_WIDTH - len(label)), style="bold")
        if here != len(hits):
            label.append(
                f"\n{here} in this text (n / N after enter)" if here else "\nnone in this text"
            )
        count.update(label)
        # Snippets no wider than the list: a right-aligned line cut at the right loses its
        # first words.
        width = options.scrollable_content_region.width
        width = min(SNIPPET_WIDTH, width) if width > 0 else SNIPPET_WIDTH
        kind = None
        for number, hit in enumerate(hits[:MAX_SHOWN]):
            if hit.kind != kind:
                kind = hit.kind
                total = sum(1 for other in hits if other.kind == kind)
                options.add_option(
                    Option(Text(f"{KIND_NAMES[kind]} · {total}", style="bold"), disabled=True)
                )
            options.add_option(self._option(number, hit, width))
        if len(hits) > MAX_SHOWN:
            options.add_option(Option(f"… {len(hits) - MAX_SHOWN} more", disabled=True))

    def _option(self, number: int, hit: Hit, width: int) -> Option:
        if hit.kind == "glossary":
            where = f"{hit.ref} ({hit.field})"
        elif hit.text_id == self.text.id:
            where = f"segment {(hit.segment_index or 0) + 1}" + (
                f" ({hit.field})" if hit.kind == "notes" else ""
            )
        else:
            where = f"{hit.text_id}, segment {(hit.segment_index or 0) + 1}"
        label = plain(where, style="dim")
        label.no_wrap, label.overflow = True, "ellipsis"
        before, match, after = hit.snippet(context=14)
        line = before + match + after
        # English with Arabic in it (a glossary note quoting a term) is drawn left to right.
        shown = right_aligned(first_line(line, width), width) if hit.rtl else ltr_line(line, width)
        label.append("\n" + shown)
        return Option(label, id=str(number))

    def action_to_results(self) -> None:
        self.query_one("#search-results", OptionList).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.hits:
            self.post_message(self.HitChosen(self.hits[0], self.hits))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.post_message(self.HitChosen(self.hits[int(event.option.id)], self.hits))
