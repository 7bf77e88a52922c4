"""A multi-line editor that draws Arabic as the reader does: shaped, wrapped in logical order
by cells, each row in visual order.

Textual's `TextArea` keeps its document in logical order and draws it as it is. This keeps
its editing (document, undo, selection, clipboard, messages) and changes what is drawn, where
the cursor is drawn and how the arrow keys move it, asking `core.editing` for all three.
`query_one(..., TextArea)`, `.text` and `on_text_area_changed` take it as they take a
`TextArea`. It always wraps (a note is prose); line numbers and syntax highlighting are not
drawn.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.events import MouseEvent
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import Location

from tui_reader.core.editing import Direction, EditLayout, from_screen_order
from tui_reader.core.letters import is_mark
from tui_reader.ui.arabic import app_visual


class BidiTextArea(TextArea):
    """`TextArea` with Arabic drawn through the display pipeline.

    Each paragraph takes its direction from its first strong character, unless `direction`
    forces one. `visual` false sends logical text, for terminals that do bidi themselves; by
    default it is the app's setting (`--bidi`).
    """

    direction: reactive[Direction] = reactive[Direction]("auto", init=False)
    visual: reactive[bool] = reactive(True, init=False)

    def __init__(
        self,
        text: str = "",
        *,
        visual: bool | None = None,
        direction: Direction = "auto",
        placeholder: str = "",
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        self._edit_cache: tuple[tuple[str, int, str, bool], EditLayout] | None = None
        super().__init__(
            text,
            soft_wrap=True,
            placeholder=placeholder,
            id=id,
            classes=classes,
            disabled=disabled,
        )
        self.set_reactive(BidiTextArea.visual, app_visual() if visual is None else visual)
        self.set_reactive(BidiTextArea.direction, direction)

    def watch_direction(self) -> None:
        self._relayout()

    def watch_visual(self) -> None:
        self._relayout()

    def _relayout(self) -> None:
        self._rewrap_and_refresh_virtual_size()
        self._recompute_cursor_offset()
        self.refresh()

    @property
    def edit_layout(self) -> EditLayout:
        """The document (or the placeholder, when empty) as drawn at the wrap width."""
        text = "\n".join(self.document.lines)
        if not text:
            text = self.placeholder if isinstance(self.placeholder, str) else ""
        width = max(self.wrap_width, 1)
        key = (text, width, self.direction, self.visual)
        if self._edit_cache is None or self._edit_cache[0] != key:
            layout = EditLayout(
                text, width, field=width + 1, direction=self.direction, visual=self.visual
            )
            self._edit_cache = (key, layout)
        return self._edit_cache[1]

    def _offset(self, location: Location) -> int:
        row, column = location
        return sum(len(line) + 1 for line in self.document.lines[:row]) + column

    def _location(self, offset: int) -> Location:
        for row, line in enumerate(self.document.lines):
            if offset <= len(line):
                return row, offset
            offset -= len(line) + 1
        last = self.document.line_count - 1
        return last, len(self.document[last])

    def _refresh_size(self) -> None:
        self.virtual_size = Size(0, len(self.edit_layout.rows))
        self._refresh_scrollbars()

    def _recompute_cursor_offset(self) -> None:
        caret = self.edit_layout.caret(self._offset(self.cursor_location) if self.text else 0)
        self._cursor_offset = (max(caret.cell, 0), caret.row)

    def render_line(self, y: int) -> Strip:
        theme = self._theme
        base = theme.base_style if theme and theme.base_style else self.rich_style
        scroll_x, scroll_y = self.scroll_offset
        edit = self.edit_layout
        number = y + scroll_y
        width = self.size.width
        if number >= len(edit.rows):
            return Strip.blank(width, base)
        row = edit.rows[number]
        styles: dict[int, Style] = {}
        if not self.text:
            placeholder = self.get_component_rich_style("text-area--placeholder")
            styles = dict.fromkeys(range(edit.field), placeholder)
        else:
            start, end = self.selection
            if start != end and theme and theme.selection_style:
                spans = edit.selection(self._offset(start), self._offset(end))[number]
                for x0, x1 in spans:
                    styles.update(dict.fromkeys(range(x0, x1), theme.selection_style))
        self._recompute_cursor_offset()
        cursor_x, cursor_y = self._cursor_offset
        if cursor_y == number and self._draw_cursor and theme and theme.cursor_style:
            styles[cursor_x] = styles.get(cursor_x, Style()) + theme.cursor_style
        segments: list[Segment] = []
        x = 0
        for cell in range(row.indent):
            segments.append(Segment(" ", styles.get(cell)))
        x = row.indent
        for cluster in row.clusters:
            segments.append(Segment(cluster.text, styles.get(x)))
            x += cluster.width
        for cell in range(x, max(edit.field, width)):
            segments.append(Segment(" ", styles.get(cell)))
        strip = Strip(segments).crop(scroll_x, scroll_x + width).extend_cell_length(width)
        return strip.apply_style(base)

    def get_target_document_location(self, event: MouseEvent) -> Location:
        scroll_x, scroll_y = self.scroll_offset
        edit = self.edit_layout
        return self._location(edit.at_cell(event.y + scroll_y, event.x + scroll_x))

    def _visual(self, move: str, *args: int) -> Location:
        edit = self.edit_layout
        offset = self._offset(self.cursor_location)
        target: int = getattr(edit, move)(offset, *args)
        return self._location(target)

    def get_cursor_left_location(self) -> Location:
        return self._visual("left")

    def get_cursor_right_location(self) -> Location:
        return self._visual("right")

    def get_cursor_up_location(self) -> Location:
        return self._visual("vertical", -1)

    def get_cursor_down_location(self) -> Location:
        return self._visual("vertical", 1)

    def get_cursor_word_left_location(self) -> Location:
        return self._visual("word_left")

    def get_cursor_word_right_location(self) -> Location:
        return self._visual("word_right")

    def get_cursor_line_start_location(self, smart_home: bool = False) -> Location:
        return self._visual("home")

    def get_cursor_line_end_location(self) -> Location:
        return self._visual("end")

    def action_delete_left(self) -> None:
        """Delete the character before the cursor in reading order (a mark alone, if the
        last thing typed was a mark)."""
        start, end = self.selection
        if start == end:
            offset = self._offset(end)
            start = self._location(max(offset - 1, 0))
        self._delete_via_keyboard(start, end)

    def action_delete_right(self) -> None:
        """Delete the character after the cursor in reading order, with its marks."""
        start, end = self.selection
        if start == end:
            offset = self._offset(end)
            text = "\n".join(self.document.lines)
            following = min(offset + 1, len(text))
            while following < len(text) and is_mark(text[following]):
                following += 1
            end = self._location(following)
        self._delete_via_keyboard(start, end)

    async def _on_paste(self, event: events.Paste) -> None:
        # TextArea's own handler would insert the text again, as it came; and bubbling up,
        # the paste would come back to the focused widget.
        event.prevent_default()
        event.stop()
        if self.read_only:
            return
        text = "\n".join(from_screen_order(line) for line in event.text.splitlines())
        if result := self._replace_via_keyboard(text, *self.selection):
            self.move_cursor(result.end_location)
            self.focus()

    def action_paste(self) -> None:
        if self.read_only:
            return
        text = "\n".join(from_screen_order(line) for line in self.app.clipboard.splitlines())
        if result := self._replace_via_keyboard(text, *self.selection):
            self.move_cursor(result.end_location)
