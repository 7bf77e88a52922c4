"""The glossary as the app and the commands load it: the bundled file with the user's imported
terms, each file read through a parsed copy kept in the cache folder (`core.cache`).

Reading the bundled glossary takes PyYAML's import and its checks, some 50 ms at every start
of the reader and of every command that matches terms; its parsed copy reads back in a
millisecond. Only a file without problems is kept, under its exact bytes and the code that
checks it, so an edited file or an upgrade of the checks is read and checked again.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from tui_reader.core import cache, glossary, letters, normalize, text
from tui_reader.core.glossary import MAX_GLOSSARY_BYTES, Entry, Glossary, GlossaryError, Problem
from tui_reader.core.text import TextError, decode_utf8, read_limited

_FIELDS = {field.name: field.type for field in fields(Entry)}
"""Each field of an entry with its type as written ("str", "tuple[str, ...]", "int")."""


def load_with_user(bundled: Path, user: Path | None) -> tuple[Glossary, str]:
    """The bundled glossary with the terms the user imported (`user`, if it exists), and why
    the user's file was left out when it has problems. Raises GlossaryError for the bundled."""
    entries, problems = read_kept(bundled)
    if problems:
        raise GlossaryError(problems)
    if user is None or not user.exists():
        return Glossary(entries), ""
    try:
        mine, problems = read_kept(user)
    except GlossaryError as error:
        return Glossary(entries), str(error)
    if problems:
        return Glossary(entries), str(GlossaryError(problems))
    taken = {entry.id for entry in entries}
    return Glossary([*entries, *(entry for entry in mine if entry.id not in taken)]), ""


def read_kept(path: Path) -> tuple[list[Entry], list[Problem]]:
    """`glossary.read_glossary`, through the parsed copy kept for the file's very bytes."""
    try:
        data = read_limited(path, MAX_GLOSSARY_BYTES)
        source = decode_utf8(data, path)
    except TextError as error:
        problem = Problem(str(path), 0, 0, str(error).split(": ", 1)[-1])
        raise GlossaryError([problem]) from None
    code = _code()
    if code is None:
        return glossary.read_glossary(path, source)
    # Kept whatever its size: its checks, not its length, make a glossary slow to read.
    key = cache.Key.of_chunks([code.encode("utf-8"), data])._replace(small=True)
    kept = _entries(cache.load("glossary", key))
    if kept is not None:
        return kept, []
    entries, problems = glossary.read_glossary(path, source)
    if not problems:
        cache.store("glossary", key, [_record(entry) for entry in entries])
    return entries, problems


def _record(entry: Entry) -> dict[str, object]:
    return {name: getattr(entry, name) for name in _FIELDS}


def _entries(plain: object) -> list[Entry] | None:
    """The entries a parsed copy holds, or None for anything `read_kept` did not write."""
    if not isinstance(plain, list):
        return None
    entries = []
    for record in plain:
        if not isinstance(record, dict) or record.keys() != _FIELDS.keys():
            return None
        values: dict[str, object] = {}
        for name, kind in _FIELDS.items():
            value = record[name]
            if kind == "tuple[str, ...]":
                if not isinstance(value, list) or any(type(item) is not str for item in value):
                    return None
                value = tuple(value)
            elif type(value).__name__ != kind:
                return None
            values[name] = value
        entries.append(Entry(**values))  # type: ignore[arg-type]
    return entries


@lru_cache(maxsize=1)
def _code() -> str | None:
    """What reading a glossary file depends on, besides its bytes: the modules that check it
    (their source) and PyYAML (the size and time of its files, found without importing it).
    None where that cannot be told (no source to read): then nothing is kept."""
    digest = hashlib.sha256()
    spec = find_spec("yaml")
    folders = (spec.submodule_search_locations or []) if spec is not None else []
    try:
        for module in (glossary, normalize, letters, text):
            digest.update(Path(module.__file__ or "").read_bytes())
        for folder in folders:
            for entry in sorted(Path(folder).iterdir()):
                status = entry.stat()
                digest.update(f"{entry.name} {status.st_size} {status.st_mtime_ns}\n".encode())
    except OSError:
        return None
    return digest.hexdigest()
