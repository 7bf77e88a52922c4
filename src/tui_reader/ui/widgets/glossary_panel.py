"""The glossary panel: terms of this text with their counts, then all terms, filtered by
typing Arabic or English."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui_reader.core.errors import terminal_safe
from tui_reader.core.glossary import Entry, Glossary, entry_fields
from tui_reader.ui.arabic import bidi, first_line, ltr_line, right_aligned
from tui_reader.ui.widgets.bidi_input import BidiInput
from tui_reader.ui.widgets.side_panel import SidePanel

LIST_WIDTH = 30
"""Cells an option of the list may take: the panel less its border, padding and scrollbar."""
DETAIL_WIDTH = 36


class GlossaryPanel(SidePanel):
    """Posts `TermChosen` when a term is picked with Enter (in the list, or in the filter for
    the first term listed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_list", "To the list", show=False, id="glossary.to_list"),
    ]

    class TermChosen(Message):
        def __init__(self, entry: Entry) -> None:
            self.entry = entry
            super().__init__()

    def __init__(self, glossary: Glossary, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.glossary = glossary
        self.counts: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield BidiInput(placeholder="filter: Arabic or English", id="glossary-filter")
        yield OptionList(id="glossary-terms")
        yield Static("", id="glossary-entry")

    def on_mount(self) -> None:
        self.refill()

    def set_counts(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.refill()

    def refill(self) -> None:
        query = self.query_one("#glossary-filter", Input).value
        entries = self.glossary.filter(query)
        in_text = sorted(
            (entry for entry in entries if self.counts.get(entry.id)),
            key=lambda entry: (-self.counts[entry.id], entry.en.casefold()),
        )
        others = sorted(
            (entry for entry in entries if not self.counts.get(entry.id)),
            key=lambda entry: entry.en.casefold(),
        )
        options = self.query_one("#glossary-terms", OptionList)
        options.clear_options()
        options.add_options([self._option(entry) for entry in [*in_text, *others]])
        if options.option_count:
            options.highlighted = 0
        else:
            self.query_one("#glossary-entry", Static).update(
                Text(f"No term matches “{terminal_safe(query)}”.", style="italic")
            )

    def _option(self, entry: Entry) -> Option:
        count = self.counts.get(entry.id, 0)
        label = ltr_line(entry.en + (f" ×{count}" if count else ""), LIST_WIDTH)
        prompt = Text(label, style="bold" if count else "", no_wrap=True, overflow="crop")
        prompt.append("\n" + right_aligned(first_line(entry.ar, LIST_WIDTH), LIST_WIDTH))
        return Option(prompt, id=entry.id)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one("#glossary-terms", OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            if option.id is not None:
                self.post_message(self.TermChosen(self.glossary.by_id[option.id]))

    def action_to_list(self) -> None:
        self.query_one("#glossary-terms", OptionList).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is None:
            return
        entry = self.glossary.by_id[event.option.id]
        lines = Text(no_wrap=True, overflow="crop")
        for label, value, arabic in entry_fields(entry)[1:5]:
            lines.append(f"{label}\n", style="bold")
            lines.append_text(bidi(value, DETAIL_WIDTH, rtl=arabic))
            lines.append("\n")
        lines.rstrip()
        self.query_one("#glossary-entry", Static).update(lines)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.post_message(self.TermChosen(self.glossary.by_id[event.option.id]))
