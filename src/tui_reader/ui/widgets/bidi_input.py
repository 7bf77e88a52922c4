"""A single-line input that draws Arabic as the reader does: shaped, in visual order.

Textual's `Input` keeps its value in logical order and draws it as it is, so typed Arabic
reaches the terminal unjoined and backwards. This keeps all of `Input` (value, messages,
selection, clipboard, validation) and changes what is drawn and where the cursor goes, asking
`core.editing` (the display pipeline) for both. Its messages are `Input`'s own, so a screen's
`on_input_changed` / `on_input_submitted` handlers and `query_one(..., Input)` take it as is.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Offset
from textual.reactive import reactive
from textual.strip import Strip
from textual.widgets import Input
from textual.widgets._input import Selection

from tui_reader.core.editing import Direction, EditLayout, from_screen_order
from tui_reader.core.letters import is_mark
from tui_reader.ui.arabic import app_visual


class BidiInput(Input):
    """`Input` with Arabic drawn through the display pipeline.

    `direction` is "auto" (the first strong character decides, as UAX #9 says), "rtl" or
    "ltr". `visual` false is for terminals that do bidi themselves: the value is then sent in
    logical order, unshaped, as the reader does in that mode; by default it is the app's
    setting (`--bidi`).
    """

    direction: reactive[Direction] = reactive[Direction]("auto", init=False)
    visual: reactive[bool] = reactive(True, init=False)

    def __init__(
        self,
        value: str | None = None,
        placeholder: str = "",
        *,
        visual: bool | None = None,
        direction: Direction = "auto",
        select_on_focus: bool = True,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
        compact: bool = False,
    ) -> None:
        super().__init__(
            value,
            placeholder,
            select_on_focus=select_on_focus,
            id=id,
            classes=classes,
            disabled=disabled,
            compact=compact,
        )
        self.set_reactive(BidiInput.visual, app_visual() if visual is None else visual)
        self.set_reactive(BidiInput.direction, direction)

    @property
    def edit_layout(self) -> EditLayout:
        """The value (or the placeholder, when empty) as drawn, in a field as wide as the
        input's content area."""
        text = self.value if self.value else self.placeholder
        if self.password and self.value:
            text = "•" * len(self.value)
        return EditLayout(
            text,
            field=self.scrollable_content_region.width,
            direction=self.direction,
            visual=self.visual,
        )

    def watch_direction(self) -> None:
        self._refit()

    def watch_visual(self) -> None:
        self._refit()

    def _refit(self) -> None:
        if self.is_mounted:
            self._watch_value(self.value)
            self.refresh()

    @property
    def _cursor_offset(self) -> int:
        # With no value, the cursor stands on the placeholder's first character.
        offset = self.cursor_position if self.value else 0
        return max(self.edit_layout.caret(offset).cell, 0)

    @property
    def content_width(self) -> int:
        return self.edit_layout.field

    def _cell_offset_to_index(self, offset: int) -> int:
        scroll_x, _ = self.scroll_offset
        if not self.value:
            return 0
        return self.edit_layout.at_cell(0, offset + scroll_x)

    def render_line(self, y: int) -> Strip:
        if y != 0:
            return Strip.blank(self.size.width, self.rich_style)
        edit = self.edit_layout
        row = edit.rows[0]
        styles: dict[int, Style] = {}
        if not self.value:
            placeholder = self.get_component_rich_style("input--placeholder")
            styles = dict.fromkeys(range(edit.field), placeholder)
        if self.has_focus and self.value:
            selected = self.get_component_rich_style("input--selection")
            start, end = self.selection
            for x0, x1 in edit.selection(start, end)[0]:
                for cell in range(x0, x1):
                    styles[cell] = selected
        if self.has_focus and self._cursor_visible:
            cursor = self.get_component_rich_style("input--cursor")
            cell = self._cursor_offset
            styles[cell] = styles.get(cell, Style()) + cursor
        segments = [Segment(" " * row.indent)] if row.indent else []
        x = row.indent
        for cluster in row.clusters:
            segments.append(Segment(cluster.text, styles.get(x)))
            x += cluster.width
        segments.append(Segment(" " * (edit.field - x)))
        strip = Strip(_styled_blanks(segments, styles))
        scroll_x, _ = self.scroll_offset
        width = self.scrollable_content_region.width
        strip = strip.crop(scroll_x, scroll_x + width + 1).extend_cell_length(width + 1)
        return strip.apply_style(self.rich_style)

    def action_cursor_left(self, select: bool = False) -> None:
        self._move(self.edit_layout.left, select, -1)

    def action_cursor_right(self, select: bool = False) -> None:
        if not select and self.cursor_at_end and self._suggestion:
            super().action_cursor_right()
            return
        self._move(self.edit_layout.right, select, +1)

    def action_cursor_left_word(self, select: bool = False) -> None:
        self._move(self.edit_layout.word_left, select, -1)

    def action_cursor_right_word(self, select: bool = False) -> None:
        self._move(self.edit_layout.word_right, select, +1)

    def _move(self, step: Callable[[int], int], select: bool, side: int) -> None:
        start, end = self.selection
        if select:
            self.selection = Selection(start, step(end))
        elif start != end:
            # A selection collapses to its edge on the side the arrow points to, on screen.
            layout = self.edit_layout
            edges = sorted((start, end), key=lambda offset: layout.caret(offset).gap)
            self.cursor_position = edges[0] if side < 0 else edges[1]
        else:
            self.cursor_position = step(end)

    def action_delete_right(self) -> None:
        """Delete the character after the cursor with its marks (a mark left alone would ride
        on the letter before)."""
        if not self.selection.is_empty:
            self.delete_selection()
            return
        end = self.cursor_position + 1
        while end < len(self.value) and is_mark(self.value[end]):
            end += 1
        self.delete(self.cursor_position, end)

    def _on_paste(self, event: events.Paste) -> None:
        # Input's own handler would insert the text again, as it came.
        event.prevent_default()
        if event.text:
            line = from_screen_order(event.text.splitlines()[0])
            self.replace(line, *self.selection)
        event.stop()

    def action_paste(self) -> None:
        clipboard = self.app.clipboard.splitlines()
        if clipboard:
            self.replace(from_screen_order(clipboard[0]), *self.selection)

    @property
    def cursor_screen_offset(self) -> Offset:
        x, y, _width, _height = self.content_region
        scroll_x, _ = self.scroll_offset
        return Offset(x + self._cursor_offset - scroll_x, y)


def _styled_blanks(segments: list[Segment], styles: dict[int, Style]) -> list[Segment]:
    """Split the padding so that a cursor or selection on a blank cell shows."""
    out: list[Segment] = []
    x = 0
    for segment in segments:
        width = segment.cell_length
        if segment.text.strip(" ") or not any(x <= cell < x + width for cell in styles):
            out.append(segment)
        else:
            out.extend(Segment(" ", styles.get(cell)) for cell in range(x, x + width))
        x += width
    return out
