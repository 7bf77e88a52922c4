"""Imported terms merged into the user's own glossary file, never into the bundled one."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from tui_reader.core.display import visible
from tui_reader.core.english import counted
from tui_reader.core.errors import ExchangeError
from tui_reader.core.formats.terms import unique
from tui_reader.core.glossary import (
    MAX_GLOSSARY_BYTES,
    POS,
    Entry,
    Glossary,
    GlossaryError,
    read_glossary,
    term_key,
)
from tui_reader.core.normalize import normalize
from tui_reader.core.storage import locked, write_atomic
from tui_reader.core.text import ID_PATTERN


@dataclass(frozen=True)
class Duplicate:
    """An imported term the glossary already has (same Arabic, same English)."""

    term: str
    en: str
    existing_id: str


@dataclass(frozen=True)
class Conflict:
    """An imported term whose Arabic the glossary has with another English: not added, for
    the user to decide."""

    term: str
    existing_en: str
    imported_en: str
    existing_id: str
    in_bundled: bool


LEFT_OUT_SHOWN = 20
"""Terms left out that a report names one by one: a one-language glossary has thousands."""


@dataclass
class MergeReport:
    """What a merge did to the user glossary at `path`."""

    path: Path
    added: list[Entry] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    rewritten: bool = False
    """The user file was written out whole (its comments are not kept), not appended to."""
    left_out: list[str] = field(default_factory=list)
    """Terms of the file without both Arabic and English: where each is, and what it lacks."""

    def lines(self) -> list[str]:
        """The report for people, one line each."""
        out: list[str] = []
        count = len(self.added)
        if count:
            out.append(f"Added {count} term{'s' if count != 1 else ''} to {self.path}:")
            out += [
                f"  {visible(entry.ar)} = {visible(entry.en)} ({entry.id})" for entry in self.added
            ]
        else:
            out.append(f"No new terms; {self.path} was not changed.")
        if self.duplicates:
            out.append(f"Skipped {len(self.duplicates)} already in the glossary:")
            out += [
                f"  {visible(item.term)} = {visible(item.en)} ({item.existing_id})"
                for item in self.duplicates
            ]
        if self.conflicts:
            out.append(
                f"Not added, {len(self.conflicts)} conflict"
                f"{'s' if len(self.conflicts) != 1 else ''} (same Arabic, other English):"
            )
            for item in self.conflicts:
                where = "the bundled glossary" if item.in_bundled else "your glossary"
                out.append(
                    f"  {visible(item.term)}: {where} has '{visible(item.existing_en)}' "
                    f"({item.existing_id}), the import has '{visible(item.imported_en)}'"
                )
        if self.left_out:
            out.append(
                f"Left out {counted(len(self.left_out), 'term')} without both Arabic and English:"
            )
            out += [f"  {where}" for where in self.left_out[:LEFT_OUT_SHOWN]]
            if len(self.left_out) > LEFT_OUT_SHOWN:
                out.append(f"  … and {len(self.left_out) - LEFT_OUT_SHOWN} more")
        if self.rewritten:
            out.append(f"{self.path} was rewritten whole: comments in it were not kept.")
        return out


class _Dumper(yaml.SafeDumper):
    """Lists (tuples) in flow style, as in glossary.yaml; the terms list stays in block."""


def _flow_tuple(dumper: yaml.SafeDumper, value: tuple[str, ...]) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(tuple, _flow_tuple)

_USER_HEADER = """\
# Your own glossary terms (tui-reader). Same schema as the bundled glossary.yaml:
# `tui-reader glossary check FILE` checks it.
version: 1
terms:
"""


def _record(entry: Entry) -> dict[str, object]:
    """The entry as the glossary file holds it, with the optional `avoid` when it has one."""
    record = entry.record()
    if entry.avoid:
        record["avoid"] = list(entry.avoid)
    return record


def _dump_items(entries: Sequence[Entry], indent: int) -> str:
    items = []
    for entry in entries:
        dumped = yaml.dump(
            [_record(entry)], Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6
        )
        items.append("".join(" " * indent + line for line in dumped.splitlines(keepends=True)))
    return "\n".join(items)


def _appended(existing: str, entries: Sequence[Entry]) -> str | None:
    """The user file with the entries appended to its `terms` list, keeping the user's
    comments and layout; None when `terms` is not a block list ending the file."""
    root = yaml.compose(existing, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode) or not root.value:
        return None
    key, terms = root.value[-1]
    if key.value != "terms" or not isinstance(terms, yaml.SequenceNode):
        return None
    if terms.flow_style or not terms.value:
        return None
    head = existing if existing.endswith("\n") else existing + "\n"
    return head + "\n" + _dump_items(entries, terms.start_mark.column)


def _whole(entries: Sequence[Entry]) -> str:
    # With no entry left, `terms` must still be a list for the file to load.
    return _USER_HEADER + "\n" + _dump_items(entries, 2) if entries else _USER_HEADER + "  []\n"


def _loads_cleanly(content: str, user_path: Path) -> bool:
    try:
        _, problems = read_glossary(user_path, content)
    except GlossaryError:
        return False
    return not problems


def read_user_glossary(user_path: Path) -> tuple[list[Entry], str | None]:
    """The user's own terms and the file's text (None when there is no file yet). Raises
    ExchangeError when the file has problems: nothing may be written over it then."""
    if not user_path.exists():
        return [], None
    try:
        entries, problems = read_glossary(user_path)
    except GlossaryError as error:
        problems = error.problems
        entries = []
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ExchangeError(
            f"{visible(str(problems[0]))}{more}: fix your glossary before importing into it; "
            "nothing was written"
        )
    return entries, user_path.read_text(encoding="utf-8")


def write_user_glossary(entries: Sequence[Entry], user_path: Path) -> None:
    """Write the user glossary whole (an edit or a deletion; a merge appends where it can),
    refusing, with nothing written, what would not load or would not fit."""
    content = _whole(entries)
    if not _fits(content):
        raise _too_big(user_path, len(entries), len(content.encode()), exact=True)
    if not _loads_cleanly(content, user_path):
        raise ExchangeError(f"{user_path}: your glossary would not load; nothing was written")
    write_atomic(user_path, content)


def _least_bytes(entries: Iterable[Entry], keys: bool) -> int:
    """Fewer bytes than the entries take in YAML: their values (YAML escapes or quotes, it
    never shortens) and, with `keys`, the field names every dumped entry has."""
    total = 0
    for entry in entries:
        for name, value in _record(entry).items():
            items = value if isinstance(value, list) else [value]
            total += sum(len(str(item).encode()) for item in items)
            total += len(name) if keys else 0
    return total


def _fits(content: str) -> bool:
    return len(content.encode()) <= MAX_GLOSSARY_BYTES


def _too_big(user_path: Path, count: int, size: int, exact: bool) -> ExchangeError:
    megabytes = MAX_GLOSSARY_BYTES // (1024 * 1024)
    return ExchangeError(
        f"{user_path}: {count:,} new term{'s' if count != 1 else ''} would make it "
        f"{'' if exact else 'at least '}{size:,} bytes, over the {megabytes} MB a glossary file "
        "may have; nothing was written (import fewer terms at a time)"
    )


def _quoted_id(entry_id: str) -> str:
    """An id for a message: as it is when it is one, else quoted like Python (escapes and
    all), so that a space or a line break at its end shows."""
    return f"'{entry_id}'" if ID_PATTERN.fullmatch(entry_id) else visible(repr(entry_id))


def check_imported(entry: Entry) -> None:
    """Entries handed in by a caller must fit the schema, or the user file would not load."""
    problems = []
    for name in ("id", "ar", "vocalized", "en"):
        if not getattr(entry, name).strip():
            problems.append(f"'{name}' is empty")
    if entry.id and not ID_PATTERN.fullmatch(entry.id):
        problems.append("the id is not lowercase letters and digits with hyphens between")
    if entry.pos not in POS:
        problems.append(f"pos '{visible(entry.pos)}' is not one of: {', '.join(POS)}")
    if entry.ar and entry.vocalized and normalize(entry.ar) != normalize(entry.vocalized):
        problems.append("'vocalized' is not a vocalized 'ar'")
    if entry.related:
        problems.append("imported entries cannot have related ids")
    if problems:
        raise ExchangeError(f"imported entry {_quoted_id(entry.id)}: {'; '.join(problems)}")


def merge_glossary(
    imported: list[Entry], bundled: Glossary, user_path: Path, *, bundled_path: Path
) -> MergeReport:
    """Merge imported entries into the user glossary at `user_path` (created if missing),
    never into the bundled one (`bundled`, read from `bundled_path`).

    An imported term whose Arabic (normalized) is a form of an entry already there, bundled or
    user, is skipped as a duplicate when the English is the same (case-insensitive; one of
    the entry's English forms), and reported as a conflict, not added, when it differs. Other
    terms are added, with an id made unique against both glossaries. The user file is appended
    to when it can be (its comments kept), checked to load cleanly, and written atomically;
    when nothing is new it is not written at all. Raises ExchangeError, writing nothing, if the
    user file has problems or an entry does not fit the schema.
    """
    if user_path.resolve() == bundled_path.resolve():
        raise ExchangeError(
            f"{user_path}: this is the bundled glossary; imported terms go to your own "
            "glossary in the data folder"
        )
    for entry in imported:
        check_imported(entry)
    # Two imports at once (two windows, or the palette and the command line) would each
    # read the file before the other wrote it, and the last write would drop the other's
    # terms.
    with locked(user_path):
        return _merge(imported, bundled, user_path)


def _merge(imported: list[Entry], bundled: Glossary, user_path: Path) -> MergeReport:
    user_entries, existing = read_user_glossary(user_path)
    user_ids = {entry.id for entry in user_entries}
    index: dict[str, list[tuple[Entry, bool]]] = {}

    def remember(entry: Entry, in_bundled: bool) -> None:
        for form in entry.arabic_forms:
            index.setdefault(term_key(form), []).append((entry, in_bundled))

    for entry in bundled.entries:
        remember(entry, True)
    for entry in user_entries:
        remember(entry, False)
    taken = {entry.id for entry in bundled.entries} | user_ids
    report = MergeReport(user_path)
    for entry in imported:
        # The same term with or without the article, or as another's spelling variant.
        known = next((index[k] for k in map(term_key, entry.arabic_forms) if k in index), [])
        english = entry.en.strip().casefold()
        same = next(
            (
                (other, in_bundled)
                for other, in_bundled in known
                if english in {form.strip().casefold() for form in other.english_forms}
            ),
            None,
        )
        if same is not None:
            report.duplicates.append(Duplicate(entry.ar, entry.en, same[0].id))
        elif known:
            other, in_bundled = known[0]
            report.conflicts.append(Conflict(entry.ar, other.en, entry.en, other.id, in_bundled))
        else:
            base = entry.id if entry.id not in taken else re.sub(r"-\d+\Z", "", entry.id)
            added = replace(entry, id=unique(base, taken))
            report.added.append(added)
            remember(added, False)
    if not report.added:
        return report
    # Writing out thousands of terms takes seconds: a merge that cannot fit is refused first.
    least = _least_bytes(user_entries, keys=False) + _least_bytes(report.added, keys=True)
    if least > MAX_GLOSSARY_BYTES:
        raise _too_big(user_path, len(report.added), least, exact=False)
    content = _appended(existing, report.added) if existing is not None else None
    if content is None or not _fits(content) or not _loads_cleanly(content, user_path):
        content = _whole([*user_entries, *report.added])
        report.rewritten = existing is not None
        if not _fits(content):
            raise _too_big(user_path, len(report.added), len(content.encode()), exact=True)
        if not _loads_cleanly(content, user_path):
            raise ExchangeError(
                f"{user_path}: the merged glossary would not load; nothing was written"
            )
    write_atomic(user_path, content)
    return report
