"""Taking the glossary and the texts to other tools, and bringing terms back: which formats
there are, and the one place where an export is written.

Translators work in CAT tools (OmegaT, memoQ, Trados, Phrase), in spreadsheets and in Anki, so
the glossary goes out as TBX-Basic (ISO 30042), CSV and an Anki package, a text goes out as a
TMX 1.4b translation memory and as XLIFF 1.2 with the reader's notes attached, and terms come
back in from TBX or CSV into the user's own glossary file, which is never the bundled one.
Each format is a module of `core.formats` that builds content in memory from data; an export
is then written here, atomically, so a crash never leaves half of one, or to a stream.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from functools import partial
from pathlib import Path, PurePath
from typing import BinaryIO

from tui_reader.core.display import visible
from tui_reader.core.errors import ExchangeError
from tui_reader.core.formats.anki import build_anki
from tui_reader.core.formats.csvfile import build_csv, read_csv
from tui_reader.core.formats.merge import MergeReport, merge_glossary
from tui_reader.core.formats.omegat import PROJECT_FILE, Project
from tui_reader.core.formats.tbx import build_tbx, read_tbx
from tui_reader.core.formats.terms import Draft, entries_from, incomplete
from tui_reader.core.formats.xmlsafe import XmlExport
from tui_reader.core.glossary import Entry, Glossary, GlossaryError, read_glossary
from tui_reader.core.storage import make_folder, write_bytes_atomic
from tui_reader.core.text import TextError, read_limited

Built = str | bytes | XmlExport
"""What a builder returns: text (written as UTF-8), bytes, or an XML file with its warning."""

GLOSSARY_FORMATS: dict[str, tuple[str, Callable[[Glossary], Built]]] = {
    "tbx": ("tbx", build_tbx),
    # With a byte-order mark, so that Excel reads the Arabic (see build_csv).
    "csv": ("csv", partial(build_csv, bom=True)),
    "anki": ("apkg", build_anki),
}
"""Glossary export formats: (file suffix, builder)."""

IMPORT_FORMATS: dict[str, Callable[[bytes, str], list[Draft]]] = {
    ".tbx": read_tbx,
    ".csv": read_csv,
}
"""Glossary import formats by file suffix: reader of a file's bytes (its name for messages)."""

MAX_IMPORT_BYTES = 16 * 1024 * 1024
"""Refuse bigger files: a glossary import this large is a mistake, not a termbase we use."""


def data_of(built: Built) -> bytes:
    content = built.content if isinstance(built, XmlExport) else built
    return content.encode("utf-8") if isinstance(content, str) else content


def warning_of(built: Built) -> str | None:
    """One line for people about what the export had to change (characters XML cannot hold),
    or None."""
    return built.warning() if isinstance(built, XmlExport) else None


def write_export(built: Built, target: Path | BinaryIO) -> None:
    """Write an export to a file or a stream (standard output).

    A file is written atomically (see `write_bytes_atomic`: a link is followed, a device or a
    named pipe written to as it is) with the permissions a new file gets under the umask, or
    those of the file it replaces: an export is for other tools and often other people, and
    the temporary file it is written through is private."""
    data = data_of(built)
    if not isinstance(target, Path):
        target.write(data)
        target.flush()
        return
    write_bytes_atomic(target, data, mode=_mode_for(target))


def write_project(project: Project, folder: Path) -> None:
    """Write an OmegaT project into `folder`, which must be missing, empty, or an OmegaT
    project already (an earlier export: its files are replaced, the translator's work in
    omegat/ and target/ is left as it is). Each file is written atomically; the project's
    folders are created."""
    if folder.exists() and not folder.is_dir():
        raise ExchangeError(f"{visible(str(folder))}: not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / PROJECT_FILE).is_file():
        raise ExchangeError(
            f"{visible(str(folder))}: the folder is not empty and holds no OmegaT project; "
            "give a new or empty folder"
        )
    make_folder(folder)
    for name in project.folders:
        make_folder(folder / name)
    for name, built in project.files.items():
        write_export(built, folder / name)


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return 0o666 & ~_umask()


def _umask() -> int:
    # Linux shows the umask in /proc; setting it to read it back would, for that moment, give
    # every file another thread creates the wrong permissions.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def terms_from(data: bytes, file_name: str) -> list[Entry]:
    """The terms of a TBX or CSV file's content (by the suffix of `file_name`, which only names
    the file in messages), as entries for the user glossary (see `entries_from`).

    Raises ExchangeError, naming the file and the place, for anything malformed: a
    half-understood file is not imported at all."""
    return entries_from(_reader(file_name)(data, file_name), PurePath(file_name).name)


def import_glossary(path: Path) -> list[Entry]:
    """The terms of a TBX or CSV file, as `terms_from` reads them."""
    return entries_from(_terms_in(path), path.name)


def _terms_in(path: Path) -> list[Draft]:
    # The file first: a folder or a missing file is that, whatever its name ends with.
    try:
        data = read_limited(path, MAX_IMPORT_BYTES)
    except TextError as error:
        raise ExchangeError(visible(str(error))) from None
    return _reader(str(path))(data, str(path))


def _reader(file_name: str) -> Callable[[bytes, str], list[Draft]]:
    suffix = PurePath(file_name).suffix
    read = IMPORT_FORMATS.get(suffix.lower())
    if read is None:
        kind = f"'{visible(suffix)}' files" if suffix else "a file without a suffix"
        raise ExchangeError(f"{visible(file_name)}: cannot import {kind} (use .tbx or .csv)")
    return read


def import_terms(path: Path, bundled_path: Path, user_path: Path) -> MergeReport:
    """Read a TBX or CSV file and merge its terms into the user's own glossary at `user_path`,
    beside the bundled glossary at `bundled_path`."""
    entries, problems = read_glossary(bundled_path)
    if problems:
        raise GlossaryError(problems)
    terms = _terms_in(path)
    report = merge_glossary(
        entries_from(terms, path.name), Glossary(entries), user_path, bundled_path=bundled_path
    )
    report.left_out = incomplete(terms)
    return report
