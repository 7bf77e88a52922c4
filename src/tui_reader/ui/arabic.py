"""Text for widgets that draw strings as given (labels, lists, dialogs), through the same
display pipeline as the reading panes: Arabic inside English needs it as much as Arabic.

Whether the pipeline shapes and reorders (`--bidi app`) or leaves that to the terminal
(`--bidi terminal`) is the running app's `visual` setting: every helper here follows it, so
that no label, list or input of any screen disagrees with the reading panes."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual._context import active_app

from tui_reader.core.bidi import bidi_class
from tui_reader.core.display import bidi_paragraphs, layout
from tui_reader.core.editing import UNWRAPPED, first_strong_rtl
from tui_reader.core.errors import terminal_safe


@runtime_checkable
class DrawsArabic(Protocol):
    """An app that says who draws Arabic: itself (`visual` true) or the terminal."""

    visual: bool


def app_visual() -> bool:
    """The running app's setting; true (tui-reader draws Arabic) outside an app or in an app
    without one."""
    try:
        app = active_app.get()
    except LookupError:
        return True
    return app.visual if isinstance(app, DrawsArabic) else True


def bidi(
    text: str, width: int, *, rtl: bool = True, style: str = "", visual: bool | None = None
) -> Text:
    """`text` wrapped at `width` cells in visual order, right-aligned if right-to-left. Never
    wrapped again by Rich (that would undo the order), never parsed as markup."""
    visual = app_visual() if visual is None else visual
    lines = layout(text, max(width, 1), rtl, visual)
    body = "\n".join(line.text for line in lines)
    return Text(
        body, style=style, justify="right" if rtl else "left", no_wrap=True, overflow="crop"
    )


def plain(text: str, style: str = "", *, lines: bool = False) -> Text:
    """A foreign string (a title, a term, a tag, a note) for a label: safe for the terminal,
    and a `Text`, so that it is never read as markup (`[@click=app.quit]`, `[link=...]`).
    Arabic in it is drawn as the reading panes draw it, each line taking its direction from
    its first letter; a string with none is left as it is, for the widget to wrap."""
    safe = terminal_safe(text, lines=lines)
    if not has_rtl(safe):
        return Text(safe, style=style)
    drawn = [
        line.text
        for _, paragraph in bidi_paragraphs(safe)
        for line in layout(paragraph, UNWRAPPED, first_strong_rtl(paragraph) is True, app_visual())
    ]
    return Text("\n".join(drawn), style=style, no_wrap=True, overflow="ellipsis")


def has_rtl(text: str) -> bool:
    """Whether `text` holds a right-to-left letter, which only the pipeline draws right."""
    return any(bidi_class(char) in ("R", "AL") for char in text)


def first_line(text: str, width: int, *, rtl: bool = True, visual: bool | None = None) -> str:
    """The start of a string that fits `width` cells, cut in logical order; when something is
    cut, an ellipsis where the text would go on: on the left of a right-to-left line drawn
    here, after the logical text otherwise."""
    visual = app_visual() if visual is None else visual
    lines = layout(text, max(width, 1), rtl, visual)
    if len(lines) <= 1:
        return lines[0].text
    start = layout(text, max(width - 1, 1), rtl, visual)[0].text
    return "…" + start if rtl and visual else start + "…"


def ltr_line(text: str, width: int) -> str:
    """A left-to-right string (English, a where) cut to `width` cells for one row of a list,
    with an ellipsis when cut. Arabic in it goes through the pipeline, which breaks at
    spaces; a string without is cut anywhere, so that a long word still shows its start."""
    if has_rtl(text):
        return first_line(text, width, rtl=False)
    safe = terminal_safe(text)
    return safe if cell_len(safe) <= width else set_cell_size(safe, width - 1) + "…"


def right_aligned(line: str, width: int) -> str:
    """A visual line padded on the left to `width` terminal cells (not characters: vowel
    marks take none)."""
    return " " * max(width - cell_len(line), 0) + line
