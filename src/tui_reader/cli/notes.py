"""Notes on a text: list and export."""

from __future__ import annotations

from pathlib import Path

import click

from tui_reader.cli.output import (
    _count,
    _echo,
    _echo_data,
    _friendly,
    _inline,
    _safe_json,
    _write_output,
)
from tui_reader.cli.root import main
from tui_reader.core import library
from tui_reader.core.errors import terminal_safe
from tui_reader.core.notes import NotesError, NoteStore, export_notes
from tui_reader.core.text import Text


def _notes_of(reference: str) -> tuple[Text, NoteStore]:
    text = library.open_text(reference)
    store = NoteStore.open(text.id)
    if store.damaged:
        raise NotesError(
            f"{store.damaged}. The file is left as it is; the reader sets it aside "
            "when you next save a note"
        )
    if store.repaired:
        _echo(f"tui-reader: {store.repaired}", err=True)
    return text, store


@main.group()
def notes() -> None:
    """Notes on a text: list them, take them out."""


@notes.command("list")
@click.argument("text", metavar="[ID_OR_PATH]", default=library.DEFAULT_TEXT_ID)
@_friendly
def notes_list(text: str) -> None:
    """One line per note: id, segment, category, tags, the passage and the note's first line."""
    loaded, store = _notes_of(text)
    placed = sorted(
        store.placed(loaded),
        key=lambda p: (p.segment_index is None, p.segment_index or 0, p.start),
    )
    if not placed:
        _echo(f"No notes on {loaded.id}.", err=True)
        return
    for item in placed:
        note = item.note
        where = (
            loaded.segments[item.segment_index].id if item.segment_index is not None else "orphaned"
        )
        tags = ",".join(note.tags) or "-"
        quote = terminal_safe(note.anchor.quote)
        quote = quote if len(quote) <= 40 else quote[:39] + "…"
        first = terminal_safe((note.body.strip().splitlines() or [""])[0])
        fields = (note.id, where, note.category, tags, _inline(quote), _inline(first))
        _echo("\t".join(map(terminal_safe, fields)))


@notes.command("export")
@click.argument("text", metavar="[ID_OR_PATH]", default=library.DEFAULT_TEXT_ID)
@click.option(
    "--format", "form", type=click.Choice(["md", "json"]), default="md", show_default=True
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="Write to a file, not stdout."
)
@_friendly
def notes_export(text: str, form: str, output: Path | None) -> None:
    """Markdown (passage, English, category, tags, note) or JSON in the W3C Web Annotation
    model (a TextQuoteSelector and a TextPositionSelector per note)."""
    loaded, store = _notes_of(text)
    content = export_notes(loaded, store, form)
    if output is None or str(output) == "-":
        _echo_data(_safe_json(content) if form == "json" else content)
    else:
        where = _write_output(output, output.name, content)
        _echo(f"{_count(len(store), 'note')} written to {where}", err=True)
