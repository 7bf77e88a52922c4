"""Folding Arabic for matching. The display never shows folded text: a match found in the
folded copy is mapped back to the span of the original it came from.

The choices, each tested:
- presentation forms become base letters (NFKC), so `ﻓﺮﻳﻖ` matches `فريق`;
- vowel marks (harakat, shadda, sukun, tanween, dagger alef, Quranic marks) and tatweel go, so
  a vocalized query finds unvocalized text and the reverse;
- alef forms أ إ آ ٱ become ا: writers drop or misplace the hamza on alef all the time;
- alef maqsura ى becomes ي: "على" is often typed "علي", and final ي "ى" (Egyptian usage);
- hamza on a seat (ؤ, ئ) becomes ء, so both spellings of a word (مسؤول / مسئول) and the
  article's يهيء (for يهيئ) meet;
- Persian keh and yeh (ک ی), common in texts typed on Persian keyboards, become ك ي;
- joiners, bidi controls and other format characters go.
Ta marbuta (ة) stays: it carries grammar the morphology needs (ة / ات).

Characters beyond the Basic Multilingual Plane are kept as they are.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from tui_reader.core.letters import TATWEEL, is_mark, is_presentation_form

_REPLACE = {
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ
    "\u0649": "\u064a",  # ى
    "\u0624": "\u0621",  # ؤ
    "\u0626": "\u0621",  # ئ
    "\u06a9": "\u0643",  # ک
    "\u06cc": "\u064a",  # ی
}


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    code = ord(char)
    if code > 0xFFFF:
        return char
    if is_presentation_form(char):
        expanded = unicodedata.normalize("NFKC", char)
        # Noncharacters and unassigned code points in these blocks stay themselves.
        if expanded != char:
            return "".join(_fold_char(part) for part in expanded)
    if char == TATWEEL or is_mark(char) or unicodedata.category(char) == "Cf":
        return ""
    return _REPLACE.get(char, char)


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded copy of a text, with the original offset of each folded character."""

    text: str
    origins: tuple[int, ...]
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded [start, end): it takes in the vowel marks and tatweel
        that follow its last letter, so a highlight covers the whole written word."""
        if start >= end:
            at = self.origins[start] if start < len(self.origins) else len(self.original)
            return at, at
        first = self.origins[start]
        last = self.origins[end - 1] + 1
        while last < len(self.original) and not _fold_char(self.original[last]):
            last += 1
        return first, last


def fold(text: str) -> Folded:
    pieces: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        pieces.append(folded)
        origins.extend([index] * len(folded))
    return Folded("".join(pieces), tuple(origins), text)


@dataclass(frozen=True, slots=True)
class _Changes:
    """The characters folding changes, other than the `_REPLACE` letters, as regex classes."""

    dropped: re.Pattern[str]
    """What folds to nothing: vowel marks, tatweel, format characters."""
    rewritten: re.Pattern[str]
    """What folds to other characters: presentation forms, and the rest."""
    length_changing: re.Pattern[str]
    """Folded to nothing or to several: where none is, a folded offset is the original one."""
    any: re.Pattern[str]
    """Dropped or rewritten."""


_CANDIDATES = frozenset(("Mn", "Me", "Cf"))
"""Categories of the characters folding may drop; the rest are in a few known blocks."""


@lru_cache(maxsize=1)
def _changes() -> _Changes:
    dropped, rewritten, longer = _change_ranges()
    return _Changes(
        re.compile(f"[{dropped}]"),
        re.compile(f"[{rewritten}]"),
        re.compile(f"[{dropped}{longer}]"),
        re.compile(f"[{dropped}{rewritten}]"),
    )


def _change_ranges() -> tuple[str, str, str]:
    """What `computed_change_ranges` gives, from the table made for this Unicode version when
    there is one: listing them takes some 30 ms, at every start of every command."""
    from tui_reader.core import folding_table

    if unicodedata.unidata_version == folding_table.UNICODE_VERSION:
        return folding_table.DROPPED, folding_table.REWRITTEN, folding_table.LONGER
    return computed_change_ranges()


def computed_change_ranges() -> tuple[str, str, str]:
    """The characters folding drops, those it rewrites, and those it makes several of (other
    than the `_REPLACE` letters), each as the inside of a regex class."""
    # Only marks, format characters, the presentation blocks and a few letters can change:
    # their categories take milliseconds to list; folding all 65,536 would take a tenth of
    # a second.
    dropped: list[str] = []
    rewritten: list[str] = []
    longer: list[str] = []
    category = unicodedata.category
    candidates = [chr(code) for code in range(0xFFFF + 1) if category(chr(code)) in _CANDIDATES]
    candidates += map(chr, range(0xFB50, 0xFE00))
    candidates += map(chr, range(0xFE70, 0xFEFF))
    candidates += map(chr, range(0x0600, 0x0700))
    for char in sorted(set(candidates)):
        folded = _fold_char(char)
        if folded == char or char in _REPLACE:
            continue
        if not folded:
            dropped.append(char)
        else:
            rewritten.append(char)
            if len(folded) > 1:
                longer.append(char)
    return _ranges(dropped), _ranges(rewritten), _ranges(longer)


def _ranges(chars: list[str]) -> str:
    # As ranges of consecutive code points: `re` parses a set character by character, in
    # Python, and these are a few hundred runs of over 2,000 characters.
    runs: list[list[int]] = []
    for code in sorted(map(ord, chars)):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(
        re.escape(chr(first)) + (f"-{re.escape(chr(last))}" if last > first else "")
        for first, last in runs
    )


def _rewrite(found: re.Match[str]) -> str:
    return _fold_char(found.group())


def original_span(original: str, start: int, end: int) -> tuple[int, int]:
    """The span of `original` that the folded [start, end) comes from (see `Folded.span`),
    computed from the few characters that fold to nothing or to several (vowel marks are
    sparse), not from a map of every character."""
    changes = _change_points(original)
    if not changes:
        return start, end
    if start >= end:
        return (_origin(original, changes, start),) * 2
    first = _origin(original, changes, start)
    last = _origin(original, changes, end - 1) + 1
    while last < len(original) and not _fold_char(original[last]):
        last += 1
    return first, last


@lru_cache(maxsize=4096)
def _change_points(original: str) -> tuple[int, ...]:
    """Where `original` has characters that fold to nothing or to several (a segment with
    many hits is scanned once)."""
    return tuple(found.start() for found in _changes().length_changing.finditer(original))


def _origin(original: str, changes: tuple[int, ...], position: int) -> int:
    """The original offset of folded offset `position` (the end of the text past the end)."""
    shift = 0  # original offset minus folded offset, for what lies before the next change
    for at in changes:
        folded_at = at - shift
        if position < folded_at:
            return position + shift
        size = len(_fold_char(original[at]))
        if position < folded_at + size:
            return at
        shift += 1 - size
    return min(position + shift, len(original))


def normalize(text: str) -> str:
    """The folded text alone, for keys, queries and scanning whole texts. Each step runs at
    C speed over the whole string: several times faster than `str.translate` with a table,
    which looks up every character in a mapping. Folding is character by character, and what
    each step writes is already folded, so their order does not matter."""
    if text.isascii():
        return text
    changes = _changes()
    if changes.any.search(text):
        text = changes.dropped.sub("", changes.rewritten.sub(_rewrite, text))
    for letter, base in _REPLACE.items():
        if letter in text:
            text = text.replace(letter, base)
    return text
