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
    "avoid",
)
LIST_SEPARATOR = "; "
"""How the CSV joins a list in one cell (variants, tags)."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a CSV cell as a formula (OWASP, "CSV Injection")."""
BOM = "\ufeff"
_LIST_COLUMNS = ("ar_variants", "en_variants", "tags", "avoid")
_SEPARATORS = (",", ";", "\t")
"""Field separators of CSV files as tools write them: comma; semicolon (memoQ, and Excel where
the decimal separator is a comma); tab."""
_LANGUAGE_NAMES = {
    "ar": ("arabic", "ara", "arb"),
    "en": ("english", "eng"),
}
_ALIASES = {
    "vocalised": "vocalized",
    "part of speech": "pos",
    "partofspeech": "pos",
    "arabic variants": "ar_variants",
    "english variants": "en_variants",
    "notes": "note",
    "source": "authority",
    "subject": "tags",
    "subject field": "tags",
}
"""Other names tools give the columns (case and "-" / "_" / space do not matter)."""


def build_csv(glossary: Glossary, *, bom: bool = False) -> str:
    """The glossary as CSV (RFC 4180: comma, double quotes, CRLF) with a header row of
    `CSV_COLUMNS`; lists are joined with "; ".

    With `bom`, the text starts with a byte-order mark: Excel opens a double-clicked CSV as
    UTF-8 only when it has one (without, it assumes the ANSI code page and garbles the
    Arabic). LibreOffice, pandas (encoding "utf-8-sig") and the import here skip it; a tool
    that does not would read it as part of the first column's name, so it can be left out.

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
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in glossary.entries:
        for name in _LIST_COLUMNS:
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
                _csv_list(entry.avoid),
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


def column_key(header: str) -> str:
    """Our name for a header cell: "ar", "Arabic", "AR-SA", "ar_SA", "ara" are "ar" (and so
    for English); "Part of speech" is "pos"; a name we do not know is returned folded
    (lowercase, "_" between words)."""
    folded = " ".join(header.strip().lower().replace("_", " ").replace("-", " ").split())
    words = folded.split(" ")
    for language, names in _LANGUAGE_NAMES.items():
        spelled = (language, *names)
        if folded in spelled or (len(words) == 2 and words[0] in spelled and _region(words[1])):
            return language
    return _ALIASES.get(folded, folded.replace(" ", "_"))


def _region(subtag: str) -> bool:
    """A region subtag: two letters (ISO 3166, "SA", "US") or three digits (UN M.49)."""
    return (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit())


def _separator(content: str) -> str:
    """The field separator: the first of comma, semicolon, tab that splits the header row into
    cells with an Arabic and an English column (a comma when none does)."""
    first = content.split("\n", 1)[0]
    for separator in _SEPARATORS:
        cells = next(csv.reader([first], delimiter=separator), [])
        keys = {column_key(cell) for cell in cells}
        if {"ar", "en"} <= keys:
            return separator
    return ","


def read_csv(data: bytes, file_name: str) -> list[Draft]:
    """The terms of a CSV file's bytes; `file_name` names it in messages. The separator may be
    a comma, a semicolon or a tab, the header's names those of `CSV_COLUMNS` or the common
    other ones (`column_key`). Raises ExchangeError with the line for text that is not UTF-8
    or not CSV, a header without Arabic and English columns, a row of another width, a bad
    part of speech or vocalized form."""
    try:
        content = decode_utf8(data, file_name).removeprefix(BOM)
    except TextError as error:
        raise ExchangeError(visible(str(error))) from None
    name = visible(file_name)
    reader = csv.reader(
        io.StringIO(content, newline=""), delimiter=_separator(content), strict=True
    )
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
            header = [column_key(column) for column in row]
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
        id=clean(cell("id")),
        authority=cell("authority"),
        tags=_split_list(raw("tags")),
        avoid=_split_list(raw("avoid")),
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
