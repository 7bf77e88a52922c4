"""A passage drawn through the display pipeline at the width the widget is given.

Text laid out in visual order must never be wrapped again: a right-to-left line cut by a
widget comes out with its end above its start. A dialog that shrinks with the terminal gives
its content less than it asked for, so the passage is laid out in `render`, at the width the
layout settled on, and again whenever that changes.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from tui_reader.ui.arabic import bidi, right_aligned


class BidiStatic(Widget):
    """`text` wrapped at the widget's content width in visual order, right-aligned when
    `rtl`. Safe for the terminal and never parsed as markup, as `arabic.bidi` makes it."""

    DEFAULT_CSS = """
    BidiStatic {
        height: auto;
    }
    """

    def __init__(
        self,
        text: str,
        *,
        rtl: bool = True,
        style: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.text = text
        self.rtl = rtl
        self.line_style = style
        self._drawn: tuple[int, Text] | None = None

    def drawn(self, width: int) -> Text:
        """The passage laid out at `width` cells."""
        width = max(width, 1)
        if self._drawn is None or self._drawn[0] != width:
            lines = bidi(self.text, width, rtl=self.rtl).plain.split("\n")
            if self.rtl:
                lines = [right_aligned(line, width) for line in lines]
            text = Text("\n".join(lines), style=self.line_style, no_wrap=True, overflow="crop")
            self._drawn = (width, text)
        return self._drawn[1]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        lines = bidi(self.text, container.width, rtl=self.rtl).plain.split("\n")
        return max(1, *(cell_len(line) for line in lines))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.drawn(width).plain.split("\n"))

    def render(self) -> Text:
        return self.drawn(self.content_size.width)
