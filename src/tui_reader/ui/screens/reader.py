"""The reading screen: the parallel view, the glossary panel, a status line, the footer."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Label

from tui_reader.core.glossary import Entry, Glossary
from tui_reader.core.positions import load_positions, save_position
from tui_reader.core.text import Text
from tui_reader.ui.screens.entry import EntryScreen
from tui_reader.ui.widgets.glossary_panel import GlossaryPanel
from tui_reader.ui.widgets.parallel import ParallelView


class ReaderScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "toggle_layout", "Layout", id="reader.layout"),
        Binding("g", "toggle_glossary", "Glossary", id="reader.glossary"),
        Binding(
            "right_square_bracket",
            "step_term(1)",
            "Next use",
            key_display="]",
            id="reader.next_occurrence",
        ),
        Binding(
            "left_square_bracket",
            "step_term(-1)",
            "Previous use",
            key_display="[",
            show=False,
            id="reader.previous_occurrence",
        ),
    ]

    def __init__(
        self,
        text: Text,
        glossary: Glossary | None = None,
        *,
        arrangement: str = "auto",
        visual: bool = True,
    ) -> None:
        super().__init__()
        self.text = text
        self.glossary = glossary
        self._arrangement = arrangement
        self._visual = visual
        self._position_error_shown = False
        self.occurrences: dict[str, list[tuple[int, int, int]]] = {}
        self.stepping: Entry | None = None
        """The term whose occurrences ] and [ step through."""
        self._step = -1

    def compose(self) -> ComposeResult:
        with Horizontal(id="status"):
            yield Label(self.text.title_en or self.text.id, id="status-title")
            yield Label("", id="status-position")
        with Horizontal(id="body"):
            view = ParallelView(self.text, id="parallel")
            view.arrangement = self._arrangement
            view.visual = self._visual
            view.set_glossary(self.glossary)
            yield view
            if self.glossary is not None:
                yield GlossaryPanel(self.glossary, id="glossary")
        yield Footer()

    @property
    def view(self) -> ParallelView:
        return self.query_one(ParallelView)

    def on_mount(self) -> None:
        view = self.view
        view.focus()
        segment_id = load_positions().get(self.text.id)
        index = 0
        if segment_id is not None:
            try:
                index = self.text.index_of(segment_id)
            except KeyError:
                index = 0
        self._show_position(index)
        view.go_to(index, top=True)
        if self.glossary is not None:
            self._index_terms(self.glossary)

    @work(thread=True, exclusive=True, group="glossary")
    def _index_terms(self, glossary: Glossary) -> None:
        found = glossary.occurrences(segment.ar for segment in self.text)
        self.app.call_from_thread(self._terms_indexed, found)

    def _terms_indexed(self, found: dict[str, list[tuple[int, int, int]]]) -> None:
        self.occurrences = found
        for panel in self.query(GlossaryPanel):
            panel.set_counts({entry_id: len(places) for entry_id, places in found.items()})

    # Position -------------------------------------------------------------------------------

    def on_parallel_view_segment_changed(self, message: ParallelView.SegmentChanged) -> None:
        self._show_position(message.index)
        try:
            save_position(self.text.id, message.segment.id)
        except OSError as error:
            if not self._position_error_shown:
                self._position_error_shown = True
                self.notify(
                    f"The reading position cannot be saved: {error.strerror} "
                    f"({error.filename}). Reading works as usual.",
                    severity="warning",
                    timeout=8,
                )

    def _show_position(self, index: int) -> None:
        total = len(self.text)
        percent = round(100 * (index + 1) / total)
        self.query_one("#status-position", Label).update(
            f"segment {index + 1}/{total} · {percent}%"
        )

    # Glossary -------------------------------------------------------------------------------

    def on_parallel_view_word_chosen(self, message: ParallelView.WordChosen) -> None:
        if self.glossary is None:
            self.notify("No glossary is loaded, so words cannot be looked up.", severity="warning")
            return
        self.app.push_screen(EntryScreen(self.glossary.lookup(message.word)))

    def on_glossary_panel_term_chosen(self, message: GlossaryPanel.TermChosen) -> None:
        self.stepping = message.entry
        self._step = -1
        if not self.occurrences.get(message.entry.id):
            self.notify(f"“{message.entry.en}” does not occur in this text.", timeout=4)
            self.view.focus_span = None
            return
        self.action_step_term(1)
        self.view.focus()

    def action_step_term(self, step: int) -> None:
        if self.stepping is None:
            return
        places = self.occurrences.get(self.stepping.id, [])
        if not places:
            return
        self._step = (self._step + step) % len(places)
        segment, start, end = places[self._step]
        view = self.view
        view.focus_span = (segment, start, end)
        view.go_to(segment)
        self.notify(f"{self.stepping.en}: {self._step + 1} of {len(places)}", timeout=2)

    def action_toggle_glossary(self) -> None:
        panels = self.query(GlossaryPanel)
        if not panels:
            self.notify("No glossary is loaded.", severity="warning")
            return
        panel = panels.first()
        panel.display = not panel.display
        if panel.display:
            panel.query_one("#glossary-filter").focus()
        else:
            self.view.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step_term":
            return self.stepping is not None and bool(self.occurrences.get(self.stepping.id))
        return True

    def action_toggle_layout(self) -> None:
        view = self.view
        view.arrangement = "stacked" if view.side_by_side else "side"
        self.notify(f"Layout: {view.arrangement}", timeout=2)
