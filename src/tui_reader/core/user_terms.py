"""The user's own terms, added, edited and deleted one at a time from the reader.

They live in the user glossary (the data folder's glossary.yaml), where `glossary import`
puts imported terms, and go through the same merge: its lock, its checks, its size bound, its
duplicate and conflict rules. The bundled glossary is never written.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tui_reader.core.display import visible
from tui_reader.core.errors import ExchangeError
from tui_reader.core.formats.merge import (
    MergeReport,
    check_imported,
    merge_glossary,
    read_user_glossary,
    write_user_glossary,
)
from tui_reader.core.formats.terms import slug, unvocalized
from tui_reader.core.glossary import Entry, Glossary, GlossaryError, load_glossary, read_glossary
from tui_reader.core.storage import locked
from tui_reader.paths import bundled_glossary_path

AUTHORITY = "added in tui-reader"
TAG = "mine"


def new_entry(
    ar: str,
    vocalized: str,
    en: str,
    pos: str,
    *,
    definition: str = "",
    note: str = "",
    en_variants: tuple[str, ...] = (),
) -> Entry:
    """An entry for the user glossary from what the user wrote (its id from its English)."""
    arabic = " ".join(unvocalized(ar).split())
    return Entry(
        id=slug(en),
        ar=arabic,
        vocalized=" ".join(vocalized.split()) or arabic,
        en=" ".join(en.split()),
        pos=pos,
        definition=definition.strip(),
        note=note.strip(),
        authority=AUTHORITY,
        en_variants=tuple(v for v in (" ".join(v.split()) for v in en_variants) if v),
        tags=(TAG,),
    )


def own_ids(user_path: Path) -> frozenset[str]:
    """The ids of the terms in the user glossary (none when it is missing or broken)."""
    if not user_path.exists():
        return frozenset()
    try:
        entries, problems = read_glossary(user_path)
    except GlossaryError:
        return frozenset()
    return frozenset() if problems else frozenset(entry.id for entry in entries)


def _bundled() -> Glossary:
    return load_glossary(bundled_glossary_path())


def add_term(entry: Entry, user_path: Path) -> MergeReport:
    """Add one term to the user glossary, as an import of one would: a duplicate (the same
    term, with or without the article, or a spelling variant of one, with the same English)
    or a conflict (another English) is reported, not added."""
    return merge_glossary([entry], _bundled(), user_path, bundled_path=bundled_glossary_path())


def replace_term(entry_id: str, entry: Entry, user_path: Path) -> Entry:
    """Put `entry` in place of the user's term `entry_id` (which keeps its id); returns it.
    Raises ExchangeError, writing nothing, when the term is not the user's, when another entry
    has the new Arabic already, or when the file would not load or fit."""
    kept = replace(entry, id=entry_id)
    check_imported(kept)
    with locked(user_path):
        entries, _ = read_user_glossary(user_path)
        if entry_id not in {item.id for item in entries}:
            raise ExchangeError(f"'{visible(entry_id)}' is not one of your terms")
        others = [item for item in (*_bundled().entries, *entries) if item.id != entry_id]
        clash = Glossary(others).same_term(kept.ar)
        if clash is not None:
            raise ExchangeError(
                f"{visible(kept.ar)}: the glossary has this term already ({clash.id})"
            )
        write_user_glossary([kept if item.id == entry_id else item for item in entries], user_path)
    return kept


def delete_term(entry_id: str, user_path: Path) -> None:
    """Take the user's term `entry_id` out of the user glossary."""
    with locked(user_path):
        entries, _ = read_user_glossary(user_path)
        if entry_id not in {item.id for item in entries}:
            raise ExchangeError(f"'{visible(entry_id)}' is not one of your terms")
        write_user_glossary([item for item in entries if item.id != entry_id], user_path)
