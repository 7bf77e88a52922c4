"""The glossary group, and checking a glossary file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tui_reader.cli.output import _count, _echo, _friendly
from tui_reader.cli.root import main
from tui_reader.core.english import counted
from tui_reader.core.glossary import check_glossary
from tui_reader.paths import bundled_glossary_path


@main.group()
def glossary() -> None:
    """The terminology glossary."""


@glossary.command("check")
@click.argument("file", type=click.Path(path_type=Path), required=False)
@_friendly
def glossary_check(file: Path | None) -> None:
    """Report every problem in a glossary file (default: the bundled glossary.yaml) with its
    line and column. Exit status 0 only when it is clean."""
    path = file or bundled_glossary_path()
    entries, problems = check_glossary(path)
    for problem in problems:
        _echo(str(problem))
    if problems:
        _echo(f"{_count(len(problems), 'problem')} in {path}", err=True)
        sys.exit(1)
    _echo(f"{path}: {counted(len(entries), 'entry')}, no problems")
