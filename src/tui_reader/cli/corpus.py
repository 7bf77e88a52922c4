"""Your reference corpus: add, list and remove sources."""

from __future__ import annotations

import sys

import click

from tui_reader.cli.output import _echo, _friendly, _many
from tui_reader.cli.root import main
from tui_reader.core.errors import terminal_safe


@main.group("corpus")
def corpus_group() -> None:
    """Your reference corpus: Arabic-English pairs for the concordance."""


@corpus_group.command("add")
@click.argument("reference", metavar="FILE.tmx|FILE.xliff|ID")
@click.option("--replace", is_flag=True, help="Replace a source of the same name.")
@_friendly
def corpus_add(reference: str, replace: bool) -> None:
    """Add the segment pairs of a TMX or XLIFF file, or of a library text (by id), to the
    corpus: all of the file or nothing, each pair kept once."""
    from rich.console import Console
    from rich.progress import Progress

    from tui_reader.core.corpus import add_source, open_corpus

    store = open_corpus()
    shows = sys.stderr.isatty()
    try:
        with Progress(transient=True, console=Console(stderr=True), disable=not shows) as bar:
            task = bar.add_task("adding to the corpus", total=None)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            added = add_source(store, reference, replace=replace, progress=advance)
    finally:
        store.close()
    again = added.read - added.new
    detail = f" ({added.new:,} new, {again:,} already in the corpus)" if again else ""
    _echo(f"{terminal_safe(added.name)}: {_many(added.read, 'pair')} added{detail}")
    if added.skipped:
        _echo(f"  {_many(added.skipped, 'unit')} without both languages left out", err=True)


@corpus_group.command("list")
@_friendly
def corpus_list() -> None:
    """The corpus's sources: name, kind, pairs, when added."""
    from tui_reader.core.corpus import open_corpus

    store = open_corpus()
    try:
        sources = store.sources()
        pairs, size = store.size()
    finally:
        store.close()
    for source in sources:
        fields = (source.name, source.kind, _many(source.pairs, "pair"), source.added)
        _echo("\t".join(map(terminal_safe, fields)))
    _echo(
        f"{_many(len(sources), 'source')}, {_many(pairs, 'distinct pair')}, "
        f"{size / 1_000_000:.1f} MB",
        err=True,
    )


@corpus_group.command("remove")
@click.argument("name")
@_friendly
def corpus_remove(name: str) -> None:
    """Take a source (its name as `corpus list` shows it) out of the corpus."""
    from tui_reader.core.corpus import open_corpus

    store = open_corpus()
    try:
        gone = store.remove(name)
    finally:
        store.close()
    _echo(f"{terminal_safe(name)} removed: {_many(gone, 'pair')} left the corpus")
