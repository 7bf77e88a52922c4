"""Terms read from another tool's file (TBX, CSV), made entries for the user glossary."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from tui_reader.core.display import visible
from tui_reader.core.errors import ExchangeError
from tui_reader.core.glossary import Entry
from tui_reader.core.letters import ARABIC_LETTER, TATWEEL, is_mark
from tui_reader.core.text import ID_PATTERN

_SLUG_PART = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 64


@dataclass
class Draft:
    """A term read from a file, before it gets an id."""

    where: str
    ar: str
    en: str
    ar_variants: list[str] = field(default_factory=list)
    en_variants: list[str] = field(default_factory=list)
    pos: str = ""
    vocalized: str = ""
    definition: str = ""
    note: str = ""
    id: str = ""
    """The file's own id for the term; one that is not an id of ours is not used."""
    authority: str = ""
    tags: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)
    """English renderings the file marks as not to be used (deprecated, superseded)."""


def clean(value: str) -> str:
    return " ".join(value.split())


def unvocalized(arabic: str) -> str:
    """The letters alone: the glossary's `ar` is unvocalized, its `vocalized` keeps marks."""
    return "".join(char for char in arabic if char != TATWEEL and not is_mark(char))


def _distinct(values: Iterable[str], exclude: str) -> list[str]:
    seen = {exclude}
    kept = []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            kept.append(value)
    return kept


def pos_key(value: str) -> str:
    """'properNoun', 'Proper noun', 'proper_noun' -> 'proper noun'."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", value.strip())
    return " ".join(re.split(r"[\s_\-]+", spaced.lower())).strip()


def default_pos(arabic: str) -> str:
    """Without a part of speech in the file: a multi-word Arabic term is a noun phrase, as in
    the bundled glossary."""
    return "noun phrase" if len(arabic.split()) > 1 else "noun"


def slug(english: str) -> str:
    """An entry id from English: ASCII lowercase words joined by hyphens ("term" if none)."""
    ascii_text = unicodedata.normalize("NFKD", english).encode("ascii", "ignore").decode()
    value = _SLUG_PART.sub("-", ascii_text.lower()).strip("-")
    if len(value) > _MAX_SLUG:
        value = value[:_MAX_SLUG].rsplit("-", 1)[0] or value[:_MAX_SLUG]
    return value or "term"


def unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


def entries_from(drafts: Iterable[Draft], file_name: str) -> list[Entry]:
    """The drafts as entries for the user glossary.

    Each keeps every field the file gives it: its id (when it is an id of ours; else one made
    from its English), its Arabic without vowel marks as `ar` and its vocalized form (or the
    Arabic as given), the part of speech (else "noun" / "noun phrase" for multi-word Arabic),
    definition, note, authority (else "imported from FILE_NAME"), tags, and English to avoid;
    ids are made unique within the file, and every entry is also tagged "imported". Terms
    missing their Arabic or English are left out; a term whose Arabic has no Arabic letter is
    an ExchangeError."""
    kept = [draft for draft in drafts if draft.ar and draft.en]
    for draft in kept:
        _check_arabic(draft)
    taken: set[str] = set()
    entries = []
    for draft in kept:
        ar = unvocalized(draft.ar)
        own_id = draft.id if ID_PATTERN.fullmatch(draft.id) else ""
        english = _distinct(draft.en_variants, draft.en)
        entries.append(
            Entry(
                id=unique(own_id or slug(draft.en), taken),
                ar=ar,
                vocalized=draft.vocalized or draft.ar,
                en=draft.en,
                pos=draft.pos or default_pos(ar),
                definition=draft.definition,
                note=draft.note,
                authority=draft.authority or f"imported from {visible(file_name)}",
                ar_variants=tuple(_distinct((unvocalized(v) for v in draft.ar_variants), ar)),
                en_variants=tuple(english),
                related=(),
                tags=tuple(_distinct([*draft.tags, "imported"], "")),
                avoid=tuple(_distinct((v for v in draft.avoid if v not in english), draft.en)),
            )
        )
    return entries


def incomplete(drafts: Iterable[Draft]) -> list[str]:
    """Where each term that `entries_from` leaves out stands, and what it lacks."""
    missing = []
    for draft in drafts:
        lacks = [name for name, value in (("Arabic", draft.ar), ("English", draft.en)) if not value]
        if lacks:
            missing.append(f"{draft.where}: no {' and no '.join(lacks)}")
    return missing


def _check_arabic(draft: Draft) -> None:
    if not ARABIC_LETTER.search(draft.ar):
        raise ExchangeError(
            f"{draft.where}: the Arabic term '{visible(draft.ar)}' has no Arabic letters "
            "(are the languages swapped?)"
        )
