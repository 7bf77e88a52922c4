"""Reading texts: open one in the reader, print its Arabic, list the library."""

from __future__ import annotations

import sys

import click

from tui_reader.cli.output import (
    _bidi_option,
    _config,
    _count,
    _echo,
    _field,
    _friendly,
    _json,
    _terminal_columns,
)
from tui_reader.cli.root import _run_reader, main
from tui_reader.core import library
from tui_reader.core.display import render_texts
from tui_reader.core.errors import terminal_safe
from tui_reader.core.text import TextError, decode_utf8


@main.command()
@click.argument("text", metavar="ID_OR_PATH", default=library.DEFAULT_TEXT_ID)
@_bidi_option
@_friendly
def read(text: str, bidi: str | None) -> None:
    """Open a text in the reader: a text id, a text file (.yaml) or a plain UTF-8 file."""
    _run_reader(library.open_text(text), _config(bidi))


WRITE_SEGMENTS = 64
"""The segments `render` writes at once. One write a segment cost a tenth of a book's render;
one for the whole book, 5 MB of fresh memory for its copies (joined, checked, encoded)."""


@main.command()
@click.argument("text", metavar="[ID_OR_PATH|-]", default=library.DEFAULT_TEXT_ID)
@click.option(
    "--width",
    type=click.IntRange(min=1, max=10_000),
    default=None,
    help="Line width in cells (default: the terminal's, or 80 in a pipe).",
)
@_bidi_option
@_friendly
def render(text: str, width: int | None, bidi: str | None) -> None:
    """Print the Arabic as the reader's Arabic pane shows it, one visual line per line.

    For pipes, and for terminals without bidi. Segments are separated by a blank line.
    `tui-reader --version` says whether GNU FriBidi's library draws it (the same lines).
    """
    config = _config(bidi)
    if text == "-":
        content = decode_utf8(sys.stdin.buffer.read(), "<stdin>")
        loaded = library.text_from_plain(content, "stdin")
    else:
        loaded = library.open_text(text)
    if width is None:
        width = _terminal_columns() if sys.stdout.isatty() else 80
    visual = config.bidi == "app"
    drawn = render_texts([segment.ar for segment in loaded], width, visual=visual)
    for first in range(0, max(len(drawn), 1), WRITE_SEGMENTS):
        piece = "\n\n".join(map("\n".join, drawn[first : first + WRITE_SEGMENTS]))
        last = first + WRITE_SEGMENTS >= len(drawn)
        _echo(f"\n\n{piece}" if first else piece, nl=last)


@main.command("texts")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_friendly
def texts_command(as_json: bool) -> None:
    """The texts in your library: id, where it comes from, segments, progress, notes, titles,
    and its words new, learning and known (by lemma) with the percentage of running words
    known."""
    from tui_reader.core.library import load_text
    from tui_reader.core.statuses import StatusStore, text_counts

    found = library.summaries()
    store = StatusStore.open()
    if store.damaged:
        _echo(f"warning: {terminal_safe(store.damaged)}: every word counted as new", err=True)
    counts = {}
    for s in found:
        try:
            counts[s.id] = text_counts(load_text(s.path), store)
        except (TextError, OSError):
            continue
    if as_json:
        records = [
            {
                "id": s.id,
                "bundled": s.bundled,
                "segments": s.segments,
                "progress": s.progress,
                "notes": s.notes,
                "title_en": s.title_en,
                "title_ar": s.title_ar,
                "path": str(s.path),
                "words": counts[s.id].record() if s.id in counts else None,
            }
            for s in found
        ]
        _echo(_json(records))
        return
    for s in found:
        origin = "bundled" if s.bundled else "yours"
        title_ar = _field("", terminal_safe(s.title_ar), True).strip()
        words = counts[s.id].line() if s.id in counts else "-"
        _echo(
            f"{terminal_safe(s.id)}\t{origin}\t{_count(s.segments, 'segment')}"
            f"\t{s.progress}% read\t{_count(s.notes, 'note')}\t{words}"
            f"\t{terminal_safe(s.title_en)}\t{title_ar}"
        )
