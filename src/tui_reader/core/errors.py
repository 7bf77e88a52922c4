"""Errors that the command line reports without loading the modules that raise them, and the
two functions that make what they say, and any other foreign string, fit for a terminal."""

from __future__ import annotations

import os

from tui_reader.core.display import visible


class TuiReaderError(Exception):
    """An error a person can act on: the message says what is wrong and where (the file and
    place, the id, the query). The command line and the reader both catch this one class and
    show the message as it is, in one line; anything else is a bug."""


class ExchangeError(TuiReaderError):
    """A file that cannot be imported or merged. The message names the file and the place (a
    CSV line, an XML element and its line) and says what is wrong, for the user to fix."""


def terminal_safe(text: str, *, lines: bool = False, tabs: bool = False) -> str:
    """A foreign string (a title, a file name, a term, a note, a message quoting a file) that
    cannot drive the terminal: control characters shown as their symbols (so no escape
    sequence, OSC title or clipboard write, C1 control), bidi overrides and other format
    characters removed. With `lines`, its line breaks are kept as newlines; with `tabs`, its
    tabs are kept; otherwise both become spaces, so the string stays one field of one line.

    Not markup-safe by itself: a widget shows the result as a `Text` or `Content`, never as
    Textual or Rich markup."""
    if text.isprintable() or (
        lines and tabs and text.replace("\n", "").replace("\t", "").isprintable()
    ):
        # The common cases, tested at C speed: no control, format or separator character
        # (but the line breaks and tabs that are kept).
        return text
    parts = text.replace("\r\n", "\n").split("\n") if lines else [text]
    safe = []
    for part in parts:
        if tabs:
            safe.append("\t".join(map(_one_line, part.split("\t"))))
        else:
            safe.append(_one_line(part))
    return "\n".join(safe)


def _one_line(text: str) -> str:
    return text if text.isprintable() else visible(text)


def describe_os_error(error: OSError) -> str:
    """An OSError for a person: what went wrong, and the file when there is one (`No space
    left on device`, never `No space left on device (None)`), both made terminal-safe."""
    what = error.strerror or str(error) or type(error).__name__
    if error.filename is None:
        return terminal_safe(what)
    where = error.filename
    name = os.fsdecode(where) if isinstance(where, str | bytes) else str(where)
    return f"{terminal_safe(name)}: {terminal_safe(what)}"


def shown(value: str, limit: int = 60) -> str:
    """`value` as a message may quote it: escapes for control characters, escape sequences
    and bidi controls (Python's own for a string literal), cut after `limit` characters."""
    cut = value[:limit]
    return repr(cut)[1:-1] + ("…" if len(value) > limit else "")
