"""Word statuses as CSV: export and import."""

from __future__ import annotations

from pathlib import Path

import click

from tui_reader.cli.output import _echo, _fail, _friendly, _write_output
from tui_reader.cli.root import main
from tui_reader.core.errors import terminal_safe


@main.group("statuses")
def statuses_group() -> None:
    """Your word statuses (new, learning 1-4, known, ignored), by lemma, as CSV."""


@statuses_group.command("export")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Default: here.")
@_friendly
def statuses_export(output: Path | None) -> None:
    """Every lemma with a status: lemma_key, status, lemma, and the text and sentence it was
    met in."""
    from tui_reader.core.statuses import StatusStore, export_csv

    store = StatusStore.open()
    if store.damaged:
        _fail(f"{store.damaged}. The file is left as it is")
    # With a byte-order mark, so that Excel reads the Arabic (the import takes it off).
    built = "\ufeff" + export_csv(store)
    where = _write_output(output, "tui-reader-statuses.csv", built)
    _echo(f"{_statuses(len(store.entries))} written to {where}", err=True)


@statuses_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@_friendly
def statuses_import(file: Path) -> None:
    """Statuses from a CSV with lemma_key and status columns (as `statuses export` writes):
    each row sets its lemma's status; a bad row anywhere changes nothing."""
    from tui_reader.core.statuses import IMPORT_BYTES, StatusesError, StatusStore, import_csv
    from tui_reader.core.text import read_limited

    store = StatusStore.open()
    try:
        done = import_csv(read_limited(file, IMPORT_BYTES), str(file), store)
    except StatusesError as error:
        _fail(str(error))
    store.save()
    _echo(f"{_statuses(done)} imported from {terminal_safe(str(file))}", err=True)


def _statuses(number: int) -> str:
    return f"{number} status{'' if number == 1 else 'es'}"
