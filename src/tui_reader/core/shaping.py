"""Arabic contextual shaping on logical text, one output per input character.

arabic-reshaper's `reshape()` cannot be used as it is: it changes the length of the string
(ligatures, deleted marks) so offsets into the original are lost, it raises on a ZWJ before a
lam-alef, and it forms the one-cell ALLAH ligature. Its table of letter forms is sound, so the
joining is done here over that table, keeping every character's place.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from arabic_reshaper.letters import FINAL, INITIAL, ISOLATED, LETTERS_ARABIC, MEDIAL

ZWJ = "\u200d"
ZWNJ = "\u200c"
TATWEEL = "\u0640"
LAM = "\u0644"

# Lam followed directly by an alef form: (isolated ligature, final ligature). FriBidi forms only
# these four, and so do we (not lam + alef maqsura).
LAM_ALEF = {
    "\u0622": ("\ufef5", "\ufef6"),
    "\u0623": ("\ufef7", "\ufef8"),
    "\u0625": ("\ufef9", "\ufefa"),
    "\u0627": ("\ufefb", "\ufefc"),
}

# Joining types, as in Unicode's ArabicShaping.txt: Dual, Right, Causing, Transparent, U (none).
DUAL, RIGHT, CAUSING, TRANSPARENT, NONE = "D", "R", "C", "T", "U"


@lru_cache(maxsize=4096)
def joining_type(char: str) -> str:
    if char in (ZWJ, TATWEEL):
        return CAUSING
    if char == ZWNJ:
        return NONE
    forms = LETTERS_ARABIC.get(char)
    if forms is not None:
        if forms[MEDIAL]:
            return DUAL
        if forms[FINAL]:
            return RIGHT
        return NONE
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return TRANSPARENT
    return NONE


def _joins_forward(kind: str) -> bool:
    return kind in (DUAL, CAUSING)


def _joins_backward(kind: str) -> bool:
    return kind in (DUAL, RIGHT, CAUSING)


def shape(chars: Sequence[str]) -> list[str]:
    """Presentation forms for a paragraph's characters, in logical order.

    The result has one entry per input character. A lam-alef pair becomes the ligature on the
    lam and an empty string on the alef (it takes no cell of its own); every other character
    maps to its contextual form, or to itself.
    """
    count = len(chars)
    kinds = [joining_type(char) for char in chars]
    joined_before = [False] * count
    previous = -1
    for i in range(count):
        kind = kinds[i]
        if kind == TRANSPARENT:
            continue
        if previous >= 0 and _joins_forward(kinds[previous]) and _joins_backward(kind):
            joined_before[i] = True
        previous = i
    joined_after = [False] * count
    following = -1
    for i in range(count - 1, -1, -1):
        if kinds[i] == TRANSPARENT:
            continue
        if following >= 0 and joined_before[following]:
            joined_after[i] = True
        following = i

    shaped = list(chars)
    i = 0
    while i < count:
        char = chars[i]
        forms = LETTERS_ARABIC.get(char)
        if forms is None or char == ZWJ:
            i += 1
            continue
        if char == LAM and i + 1 < count and chars[i + 1] in LAM_ALEF:
            isolated, final = LAM_ALEF[chars[i + 1]]
            shaped[i] = final if joined_before[i] else isolated
            shaped[i + 1] = ""
            i += 2
            continue
        if joined_before[i] and joined_after[i]:
            form = forms[MEDIAL] or forms[FINAL]
        elif joined_before[i]:
            form = forms[FINAL]
        elif joined_after[i]:
            form = forms[INITIAL]
        else:
            form = forms[ISOLATED]
        shaped[i] = form or char
        i += 1
    return shaped
