"""Text for widgets that draw strings as given (labels, lists, dialogs), through the same
display pipeline as the reading panes: Arabic inside English needs it as much as Arabic."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from tui_reader.core.display import layout
from tui_reader.core.errors import terminal_safe


def bidi(text: str, width: int, *, rtl: bool = True, style: str = "") -> Text:
    """`text` wrapped at `width` cells in visual order, right-aligned if right-to-left. Never
    wrapped again by Rich (that would undo the order), never parsed as markup."""
    body = "\n".join(line.text for line in layout(text, max(width, 1), rtl))
    return Text(
        body, style=style, justify="right" if rtl else "left", no_wrap=True, overflow="crop"
    )


def plain(text: str, style: str = "", *, lines: bool = False) -> Text:
    """A foreign string (a title, a term, a tag, a note) for a label: safe for the terminal,
    and a `Text`, so that it is never read as markup (`[@click=app.quit]`, `[link=...]`)."""
    return Text(terminal_safe(text, lines=lines), style=style)


def first_line(text: str, width: int) -> str:
    """The start of an Arabic string that fits `width` cells, cut in logical order; when
    something is cut, an ellipsis on the left, where the text would go on."""
    lines = layout(text, max(width, 1))
    if len(lines) <= 1:
        return lines[0].text
    return "…" + layout(text, max(width - 1, 1))[0].text


def right_aligned(line: str, width: int) -> str:
    """A visual line padded on the left to `width` terminal cells (not characters: vowel
    marks take none)."""
    return " " * max(width - cell_len(line), 0) + line
