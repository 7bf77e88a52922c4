"""CSV: the glossary out as a spreadsheet with a header row, and terms in from a CSV file."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from tui_reader.core.display import visible
from tui_reader.core.errors import ExchangeError
from tui_reader.core.formats.terms import Draft, clean, pos_key
from tui_reader.core.glossary import POS, Glossary
from tui_reader.core.normalize import normalize
from tui_reader.core.text import TextError, decode_utf8

CSV_COLUMNS = (
    "id",
    "ar",
    "vocalized",
    "en",
    "ar_variants",
    "en_variants",
    "pos",
    "definition",
    "note",
    "authority",
    "tags",
)
LIST_SEPARATOR = "; "
"""How the CSV joins a list in one cell (variants, tags)."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a CSV cell as a formula (OWASP, "CSV Injection")."""


def build_csv(glossary: Glossary) -> str:
    """The glossary as CSV (RFC 4180: comma, double quotes, CRLF) with a header row of
    `CSV_COLUMNS`; lists are joined with "; ".

    The encoding is UTF-8 without a byte-order mark: the BOM is not part of UTF-8 CSV as most
    tools (LibreOffice, pandas, csvkit, CAT tools) read it, and it would end up in the first
    column's name. Excel users open the file with Data > From Text/CSV and choose UTF-8
    (double-clicking assumes the ANSI code page and garbles the Arabic). The import accepts
    files with a BOM, as Excel saves them.

    A list item containing ";" cannot be written (it would read back as two items):
    ExchangeError.

    A cell that a spreadsheet would run as a formula (one starting with = + - @, tab or CR) is
    written with a single quote before it, as OWASP advises; so is a cell that starts with a
    quote already, so that the import can take off exactly the quote the export put on. List
    items are quoted one by one: a spreadsheet that splits cells on ";" makes each a cell.

    translate-toolkit's csvfile is not used: its units keep only its eight localisation
    columns (location, source, target...), so the glossary's own columns would be lost.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in glossary.entries:
        for name in ("ar_variants", "en_variants", "tags"):
            for item in getattr(entry, name):
                if ";" in item:
                    raise ExchangeError(
                        f"entry '{visible(entry.id)}': {name} item '{visible(item)}' "
                        "contains ';', which the CSV uses to separate list items"
                    )
        writer.writerow(
            [
                _csv_cell(entry.id),
                _csv_cell(entry.ar),
                _csv_cell(entry.vocalized),
                _csv_cell(entry.en),
                _csv_list(entry.ar_variants),
                _csv_list(entry.en_variants),
                _csv_cell(entry.pos),
                _csv_cell(entry.definition),
                _csv_cell(entry.note),
                _csv_cell(entry.authority),
                _csv_list(entry.tags),
            ]
        )
    return buffer.getvalue()


def _csv_cell(value: str) -> str:
    return "'" + value if value.startswith((*_FORMULA_START, "'")) else value


def _csv_list(items: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(map(_csv_cell, items))


def _csv_value(cell: str) -> str:
    """A cell (or list item) as it was before `_csv_cell`: the quote before a formula or
    before another quote comes off, any other stays (it is the user's)."""
    return (
        cell[1:] if cell.startswith("'") and cell[1:].startswith((*_FORMULA_START, "'")) else cell
    )


# Reading ------------------------------------------------------------------------------------


def _split_list(cell: str) -> list[str]:
    return [_csv_value(clean(item)) for item in cell.split(";") if item.strip()]


def read_csv(data: bytes, file_name: str) -> list[Draft]:
    """The terms of a CSV file's bytes; `file_name` names it in messages. Raises ExchangeError
    with the line for text that is not UTF-8 or not CSV, a header without 'ar' and 'en', a row
    of another width, a bad part of speech or vocalized form."""
    try:
        content = decode_utf8(data, file_name)
    except TextError as error:
        raise ExchangeError(visible(str(error))) from None
    name = visible(file_name)
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    drafts: list[Draft] = []
    header: list[str] | None = None
    columns: dict[str, int] = {}
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ExchangeError(f"{name}:{line}: not valid CSV ({visible(str(error))})") from None
        start, line = line, reader.line_num + 1
        if header is None:
            header = [column.strip().lower() for column in row]
            for index, column in enumerate(header):
                if column in columns:
                    raise ExchangeError(f"{name}:{start}: column '{visible(column)}' appears twice")
                if column:
                    columns[column] = index
            missing = [column for column in ("ar", "en") if column not in columns]
            if missing:
                raise ExchangeError(
                    f"{name}:{start}: the header row has no "
                    + " or ".join(f"'{column}'" for column in missing)
                    + f" column (columns: {', '.join(CSV_COLUMNS)}; 'ar' and 'en' are needed)"
                )
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ExchangeError(
                f"{name}:{start}: {len(row)} field{'s' if len(row) != 1 else ''}, but the "
                f"header has {len(header)}"
            )
        drafts.append(_csv_draft(row, columns, f"{name}:{start}"))
    if header is None:
        raise ExchangeError(f"{name}:1: the file is empty (a header row is needed)")
    return drafts


def _csv_draft(row: list[str], columns: dict[str, int], where: str) -> Draft:
    def raw(name: str) -> str:
        return row[columns[name]].strip() if name in columns else ""

    def cell(name: str) -> str:
        return _csv_value(raw(name))

    draft = Draft(
        where=where,
        ar=clean(cell("ar")),
        en=clean(cell("en")),
        ar_variants=_split_list(raw("ar_variants")),
        en_variants=_split_list(raw("en_variants")),
        definition=cell("definition"),
        note=cell("note"),
    )
    pos = cell("pos")
    if pos:
        draft.pos = pos_key(pos)
        if draft.pos not in POS:
            raise ExchangeError(
                f"{where}: part of speech '{visible(pos)}' is not one of: {', '.join(POS)}"
            )
    vocalized = clean(cell("vocalized"))
    if vocalized and draft.ar:
        if normalize(vocalized) != normalize(draft.ar):
            raise ExchangeError(
                f"{where}: 'vocalized' ({visible(vocalized)}) is not the Arabic term "
                f"({visible(draft.ar)}) "
                "with vowel marks"
            )
        draft.vocalized = vocalized
    return draft
