"""The concordance panel: the reference corpus's pairs that contain a word, a selection or a
glossary term, the exact phrase first, then its forms, a page at a time; typing refines."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui_reader.core.corpus import (
    COUNT_CAP,
    START,
    CorpusError,
    Cursor,
    Line,
    Query,
    Renderings,
    concordance,
    count,
    open_corpus,
    renderings,
    snippet,
)
from tui_reader.core.display import layout
from tui_reader.core.errors import terminal_safe
from tui_reader.core.glossary import Entry, Glossary
from tui_reader.core.normalize import normalize
from tui_reader.ui.arabic import bidi, right_aligned
from tui_reader.ui.widgets.bidi_input import BidiInput
from tui_reader.ui.widgets.side_panel import SidePanel

WIDTH = 40
"""Cells a line of the list may take: the panel less its border, the list's border and
padding, and the scrollbar."""
MORE = "more"


def marked(text: str, spans: tuple[tuple[int, int], ...], width: int, *, rtl: bool) -> Text:
    """One side of a pair around its first match, on one line of `width` cells, drawn through
    the display pipeline (Arabic shaped and in visual order), the match in reverse video."""
    wanted = spans[0][1] - spans[0][0] if spans else 0
    before, match, after = snippet(text, spans, context=max((width - 2 - wanted) // 2, 8))
    line = before + match + after
    start, end = len(before), len(before) + len(match)
    lines = layout(line, max(width, 1), rtl)
    # The visual line that holds the match (a snippet wraps when its match is long).
    visual = next((v for v in lines if v.start <= start < v.end), lines[0])
    drawn = Text(" " * max(width - visual.width, 0) if rtl else "", no_wrap=True)
    for cluster in visual.clusters:
        inside = bool(match) and cluster.start < end and cluster.end > start
        drawn.append(cluster.text, style="bold reverse" if inside else "")
    return drawn


class ConcordancePanel(SidePanel):
    """Looks the query up in a worker; choosing "more" fetches the next page."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_list", "To the list", show=False, id="concordance.to_list"),
    ]

    DEFAULT_CSS = """
    ConcordancePanel {
        dock: right;
        width: 50;
        display: none;
        border-left: vkey $primary-muted;
        background: $surface;
    }
    ConcordancePanel #concordance-status { padding: 0 1; color: $text-muted; width: 100%; }
    ConcordancePanel #concordance-renderings { padding: 0 1; height: auto; max-height: 6; }
    ConcordancePanel #concordance-pairs { height: 1fr; }
    """

    def __init__(self, glossary: Glossary | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.glossary = glossary
        self.lines: list[Line] = []
        self.next: Cursor | None = None
        self.entry: Entry | None = None
        """The glossary term looked up, whose renderings are counted."""
        self.renderings: Renderings | None = None

    def compose(self) -> ComposeResult:
        # Typed Arabic is drawn shaped and right to left as it is typed.
        yield BidiInput(placeholder="concordance: Arabic or English", id="concordance-query")
        yield Label("", id="concordance-status")
        yield Static("", id="concordance-renderings")
        yield OptionList(id="concordance-pairs")

    def look_up(self, text: str, entry: Entry | None = None) -> None:
        """Show the pairs for `text` (and, for a glossary term, how the corpus rendered it)."""
        self.entry = entry
        field = self.query_one("#concordance-query", Input)
        if field.value == text:
            self._start()
        else:
            field.value = text  # its Changed message starts the look-up

    def on_input_changed(self, event: Input.Changed) -> None:
        value = normalize(event.value).strip()
        if self.entry is not None and value != normalize(self.entry.ar):
            self.entry = None
        if self.entry is None and self.glossary is not None and value:
            # A term typed as the glossary writes it (or one of its variants) is a term too.
            found = self.glossary.lookup(value).entry
            if found is not None and value in map(normalize, found.arabic_forms):
                self.entry = found
        self._start()

    def _start(self) -> None:
        text = self.query_one("#concordance-query", Input).value
        self.lines, self.next = [], None
        self.query_one("#concordance-pairs", OptionList).clear_options()
        self.query_one("#concordance-renderings", Static).update("")
        self.renderings = None
        if not text.strip():
            self.query_one("#concordance-status", Label).update("")
            return
        self._fetch(Query(text, forms=True), START, self.entry, first=True)

    @work(thread=True, exclusive=True, group="concordance")
    def _fetch(self, query: Query, after: Cursor, entry: Entry | None, *, first: bool) -> None:
        worker = get_current_worker()
        try:
            store = open_corpus()
        except (CorpusError, OSError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        try:
            page = concordance(store, query, after=after, glossary=self.glossary)
            exact = count(store, query) if first else -1
            empty = first and not page.lines and store.size()[0] == 0
            rendered = None
            if first and entry is not None and self.glossary is not None:
                rendered = renderings(store, entry, self.glossary)
        except CorpusError as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._failed, str(error))
            return
        finally:
            store.close()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, page.lines, page.next, exact, rendered, empty)

    def _failed(self, error: str) -> None:
        self.query_one("#concordance-status", Label).update(
            Text(terminal_safe(error), style="bold red")
        )

    def _show(
        self,
        lines: list[Line],
        after: Cursor | None,
        exact: int,
        rendered: Renderings | None,
        empty: bool = False,
    ) -> None:
        options = self.query_one("#concordance-pairs", OptionList)
        if options.option_count and options.get_option_at_index(-1).id == MORE:
            options.remove_option(MORE)
        first = len(self.lines)
        self.lines += lines
        self.next = after
        if exact >= 0:
            shown = f"{COUNT_CAP:,}+" if exact > COUNT_CAP else f"{exact:,}"
            status = f"{shown} exact" + (", then forms" if self.lines else "")
            if empty:
                status = (
                    "Your reference corpus is empty: add translation memories with "
                    "tui-reader corpus add FILE.tmx (or .xliff)."
                )
            elif not self.lines:
                status = "Not in your reference corpus."
            self.query_one("#concordance-status", Label).update(status)
        if rendered is not None:
            self.renderings = rendered
            # The term on a line of its own: Arabic and English on one line would be reordered
            # as one right-to-left paragraph.
            term = bidi(rendered.entry.ar, WIDTH, rtl=True).plain
            heading = Text(right_aligned(term, WIDTH) + "\n", style="bold")
            heading.append(terminal_safe(rendered.tally()), style="not bold")
            self.query_one("#concordance-renderings", Static).update(heading)
        options.add_options(
            [self._option(first + number, line) for number, line in enumerate(lines)]
        )
        if after is not None:
            options.add_option(Option(Text("… more (enter)", style="italic"), id=MORE))

    def _option(self, number: int, line: Line) -> Option:
        pair = line.pair
        kind = "exact" if line.exact else "form"
        # Never wrapped by Rich: that would break the visual lines the pipeline drew.
        label = Text(no_wrap=True, overflow="crop")
        label.append(f"{terminal_safe(pair.source)} · {kind}", style="dim")
        label.append("\n")
        label.append_text(marked(pair.ar, line.ar_spans, WIDTH, rtl=True))
        label.append("\n")
        label.append_text(marked(pair.en, line.en_spans, WIDTH, rtl=False))
        return Option(label, id=str(number))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == MORE and self.next is not None:
            text = self.query_one("#concordance-query", Input).value
            self._fetch(Query(text, forms=True), self.next, None, first=False)

    def action_to_list(self) -> None:
        self.query_one("#concordance-pairs", OptionList).focus()
