"""The reading screen: the parallel view, a status line, the footer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Label

from tui_reader.core.positions import load_positions, save_position
from tui_reader.core.text import Text
from tui_reader.ui.widgets.parallel import ParallelView

ARRANGEMENTS = ("side", "stacked")


class ReaderScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "toggle_layout", "Layout", id="reader.layout"),
    ]

    def __init__(self, text: Text, *, arrangement: str = "auto", visual: bool = True) -> None:
        super().__init__()
        self.text = text
        self._arrangement = arrangement
        self._visual = visual
        self._position_error_shown = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="status"):
            yield Label(self.text.title_en or self.text.id, id="status-title")
            yield Label("", id="status-position")
        view = ParallelView(self.text, id="parallel")
        view.arrangement = self._arrangement
        view.visual = self._visual
        yield view
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

    def action_toggle_layout(self) -> None:
        view = self.view
        view.arrangement = "stacked" if view.side_by_side else "side"
        self.notify(f"Layout: {view.arrangement}", timeout=2)
