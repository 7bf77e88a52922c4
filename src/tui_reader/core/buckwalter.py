"""Buckwalter transliteration: the ASCII spelling of Arabic that the Buckwalter lexicon is
written in (`>` for أ, `p` for ة, `~` for shadda...), to Arabic script and back.

The lexicon writes hamzat al-wasl as `{`; it is given as a bare alef (ا), as learners'
dictionaries print it, with the vowel the lexicon puts on it.
"""

from __future__ import annotations

import unicodedata

LETTERS: dict[str, str] = {
    "'": "\u0621",  # ء
    "|": "\u0622",  # آ
    ">": "\u0623",  # أ
    "&": "\u0624",  # ؤ
    "<": "\u0625",  # إ
    "}": "\u0626",  # ئ
    "A": "\u0627",  # ا
    "{": "\u0627",  # ٱ, hamzat al-wasl, written as a bare alef
    "b": "\u0628",
    "p": "\u0629",  # ة
    "t": "\u062a",
    "v": "\u062b",
    "j": "\u062c",
    "H": "\u062d",
    "x": "\u062e",
    "d": "\u062f",
    "*": "\u0630",
    "r": "\u0631",
    "z": "\u0632",
    "s": "\u0633",
    "$": "\u0634",
    "S": "\u0635",
    "D": "\u0636",
    "T": "\u0637",
    "Z": "\u0638",
    "E": "\u0639",
    "g": "\u063a",
    "f": "\u0641",
    "q": "\u0642",
    "k": "\u0643",
    "l": "\u0644",
    "m": "\u0645",
    "n": "\u0646",
    "h": "\u0647",
    "w": "\u0648",
    "Y": "\u0649",  # ى
    "y": "\u064a",
}
"""Letters, Buckwalter to Arabic."""

MARKS: dict[str, str] = {
    "F": "\u064b",  # tanwin fath
    "N": "\u064c",  # tanwin damm
    "K": "\u064d",  # tanwin kasr
    "a": "\u064e",  # fatha
    "u": "\u064f",  # damma
    "i": "\u0650",  # kasra
    "~": "\u0651",  # shadda
    "o": "\u0652",  # sukun
    "`": "\u0670",  # dagger alef
}
"""Vowel marks, Buckwalter to Arabic."""

_TO_ARABIC = str.maketrans(LETTERS | MARKS)
_FROM_ARABIC = str.maketrans({arabic: ascii for ascii, arabic in LETTERS.items() if ascii != "{"})


def to_arabic(buckwalter: str) -> str:
    """Arabic script for a Buckwalter spelling, in Unicode's canonical order (NFC: fatha before
    shadda, as other text has it, though the lexicon writes shadda first); other characters
    are kept as they are."""
    return unicodedata.normalize("NFC", buckwalter.translate(_TO_ARABIC))


def from_arabic(arabic: str) -> str:
    """The Buckwalter spelling of unvocalized Arabic letters; other characters are kept."""
    return arabic.translate(_FROM_ARABIC)
