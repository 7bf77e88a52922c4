"""One home for the Arabic character classes every other module asks about: letters, vowel and
Quranic marks, tatweel, joiners, presentation forms. Like arabic-reshaper's `letters.py`, so
that display, folding, matching, search and import agree on what a letter or a mark is.

The classes are given twice where callers need both: as a predicate on one character and as a
fragment of a regular-expression character class (for whole-string passes at C speed).
"""

from __future__ import annotations

import re
import unicodedata

TATWEEL = "\u0640"
ZWNJ = "\u200c"
ZWJ = "\u200d"
LAM = "\u0644"
ALEF = "\u0627"
ALEF_FORMS = "\u0622\u0623\u0625\u0627"
"""Alef and the alef forms that join lam into a lam-alef ligature: آ أ إ ا."""

FATHATAN, DAMMATAN, KASRATAN = "\u064b", "\u064c", "\u064d"
FATHA, DAMMA, KASRA = "\u064e", "\u064f", "\u0650"
SHADDA, SUKUN = "\u0651", "\u0652"
DAGGER_ALIF = "\u0670"
HARAKAT = "\u064b-\u0652"
"""The vowel signs proper (tanwin, short vowels, shadda, sukun), as a character-class fragment."""
HARAKAT_SIGN: re.Pattern[str]

MARK_RANGES = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
"""Arabic combining marks as a character-class fragment: honorific and Quranic signs, the
harakat, shadda, sukun, tanwin, the dagger alef."""
ARABIC_MARK = re.compile(f"[{MARK_RANGES}]")

LETTER_RANGES = "\u0621-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\ufb50-\ufdff\ufe70-\ufefc"
"""Arabic letters in any of their written forms (base letters, Persian and Urdu additions,
presentation forms), not tatweel, marks or digits."""
ARABIC_LETTER: re.Pattern[str]

BASE_LETTER_RANGES = "\u0621-\u063a\u0641-\u064a"
"""The 28 letters and hamza forms of Modern Standard Arabic, as folded text has them."""

FOLDED_WORD: re.Pattern[str]
"""An Arabic word of folded text (see `normalize`): its letters and Arabic-Indic digits."""
TERM_WORD: re.Pattern[str]
"""A word of a glossary term in folded text: Western digits count too, so that a term such as
«القرار 2462» is matched number and all."""

PRESENTATION_FORM = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")

_WORD_PART = rf"(?:\w|[{MARK_RANGES}{TATWEEL}{ZWNJ}{ZWJ}])+"
# An apostrophe or hyphen between Latin letters is inside a word: Da’esh, Al-Qaida, high-level.
_LATIN_JOIN = r"(?<=[A-Za-z\u00c0-\u024f])['\u2019\-](?=[A-Za-z\u00c0-\u024f])"
WORD_PATTERN: re.Pattern[str]
"""A word as the reader's word cursor and selection take it: letters and digits of any script,
with the marks, tatweel and joiners written inside it, and Latin words joined by an apostrophe
or a hyphen."""

_EXPRESSIONS = {
    "HARAKAT_SIGN": f"[{HARAKAT}]",
    "ARABIC_LETTER": f"[{LETTER_RANGES}]",
    "FOLDED_WORD": "[\u0621-\u063a\u0641-\u064a\u066e-\u06d3\u0660-\u0669]+",
    "TERM_WORD": "[\u0621-\u063a\u0641-\u064a\u066e-\u06d3\u0660-\u06690-9]+",
    "WORD_PATTERN": rf"{_WORD_PART}(?:{_LATIN_JOIN}{_WORD_PART})*",
}


def __getattr__(name: str) -> re.Pattern[str]:
    """The expressions declared above without a value, each compiled when a module first
    asks for it, then kept as this module's own: compiled at import, they cost `render` of a
    book more than its line breaking, and it uses none of them."""
    if name not in _EXPRESSIONS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    compiled: re.Pattern[str] = re.compile(_EXPRESSIONS[name])
    globals()[name] = compiled
    return compiled


PRESENTATION_FORM_BLOCKS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFE))
"""Arabic Presentation Forms-A and -B (the byte-order mark U+FEFF excluded)."""


def is_presentation_form(char: str) -> bool:
    code = ord(char)
    return any(start <= code <= end for start, end in PRESENTATION_FORM_BLOCKS)


def is_arabic_mark(char: str) -> bool:
    """An Arabic vowel, Quranic or honorific mark (see `MARK_RANGES`)."""
    return ARABIC_MARK.match(char) is not None


def is_mark(char: str) -> bool:
    """Any combining mark: the Arabic ones, and the Mn/Me marks of other scripts."""
    return is_arabic_mark(char) or unicodedata.category(char) in ("Mn", "Me")
