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
TATWEEL = "\u0640"


def is_mark(char: str) -> bool:
    """Vowel marks and other combining marks, which folding removes."""
    code = ord(char)
    if 0x064B <= code <= 0x065F or code == 0x0670 or 0x06D6 <= code <= 0x06ED:
        return True
    return unicodedata.category(char) in ("Mn", "Me")


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    code = ord(char)
    if code > 0xFFFF:
        return char
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFE:
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


class _Table(dict[int, str]):
    """`_fold_char` by code point for `str.translate`, filled as characters are met: a
    text meets a few hundred of the 65,536, and a hit needs no exception for "unchanged"."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _Table()


@lru_cache(maxsize=1)
def _length_changing() -> re.Pattern[str]:
    """Characters that fold to nothing or to several: where they are absent, a folded offset
    is the original offset."""
    changing = [
        chr(code)
        for code in range(0xFFFF + 1)
        if not 0xD800 <= code <= 0xDFFF and len(_fold_char(chr(code))) != 1
    ]
    return re.compile("[" + "".join(re.escape(char) for char in changing) + "]")


def original_span(original: str, start: int, end: int) -> tuple[int, int]:
    """The span of `original` that the folded [start, end) comes from (see `Folded.span`),
    computed from the few characters that fold to nothing or to several (vowel marks are
    sparse), not from a map of every character."""
    changes = [found.start() for found in _length_changing().finditer(original)]
    if not changes:
        return start, end
    if start >= end:
        return (_origin(original, changes, start),) * 2
    first = _origin(original, changes, start)
    last = _origin(original, changes, end - 1) + 1
    while last < len(original) and not _fold_char(original[last]):
        last += 1
    return first, last


def _origin(original: str, changes: list[int], position: int) -> int:
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
    """The folded text alone, for keys, queries and scanning whole texts (C speed)."""
    return text.translate(_TABLE)
