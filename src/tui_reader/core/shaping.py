"""Arabic contextual shaping on logical text, one output per input character.

arabic-reshaper's `reshape()` cannot be used as it is: it changes the length of the string
(ligatures, deleted marks) so offsets into the original are lost, it raises on a ZWJ before a
lam-alef, and it forms the one-cell ALLAH ligature. Its table of letter forms is sound, so the
joining is done here over that table, keeping every character's place.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache

from tui_reader.core.letters import LAM, ZWJ, ZWNJ

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

# Joining letters of U+0600-U+08FF (Arabic, Syriac, N'Ko and their supplements), as ranges. The
# standard library has no Joining_Type and arabic-reshaper knows only the letters it can shape,
# so letters such as U+063B-U+063F or the Quranic dotless beh U+066E would break the joining of
# their neighbours. Taken from GNU FriBidi 1.0.8's table (Unicode 10), the reference the display
# is tested against.
_JOINING: tuple[tuple[int, int, str], ...] = (
    (0x0620, 0x0620, "D"),
    (0x0622, 0x0625, "R"),
    (0x0626, 0x0626, "D"),
    (0x0627, 0x0627, "R"),
    (0x0628, 0x0628, "D"),
    (0x0629, 0x0629, "R"),
    (0x062A, 0x062E, "D"),
    (0x062F, 0x0632, "R"),
    (0x0633, 0x063F, "D"),
    (0x0640, 0x0640, "C"),
    (0x0641, 0x0647, "D"),
    (0x0648, 0x0648, "R"),
    (0x0649, 0x064A, "D"),
    (0x066E, 0x066F, "D"),
    (0x0671, 0x0673, "R"),
    (0x0675, 0x0677, "R"),
    (0x0678, 0x0687, "D"),
    (0x0688, 0x0699, "R"),
    (0x069A, 0x06BF, "D"),
    (0x06C0, 0x06C0, "R"),
    (0x06C1, 0x06C2, "D"),
    (0x06C3, 0x06CB, "R"),
    (0x06CC, 0x06CC, "D"),
    (0x06CD, 0x06CD, "R"),
    (0x06CE, 0x06CE, "D"),
    (0x06CF, 0x06CF, "R"),
    (0x06D0, 0x06D1, "D"),
    (0x06D2, 0x06D3, "R"),
    (0x06D5, 0x06D5, "R"),
    (0x06EE, 0x06EF, "R"),
    (0x06FA, 0x06FC, "D"),
    (0x06FF, 0x06FF, "D"),
    (0x0710, 0x0710, "R"),
    (0x0712, 0x0714, "D"),
    (0x0715, 0x0719, "R"),
    (0x071A, 0x071D, "D"),
    (0x071E, 0x071E, "R"),
    (0x071F, 0x0727, "D"),
    (0x0728, 0x0728, "R"),
    (0x0729, 0x0729, "D"),
    (0x072A, 0x072A, "R"),
    (0x072B, 0x072B, "D"),
    (0x072C, 0x072C, "R"),
    (0x072D, 0x072E, "D"),
    (0x072F, 0x072F, "R"),
    (0x074D, 0x074D, "R"),
    (0x074E, 0x0758, "D"),
    (0x0759, 0x075B, "R"),
    (0x075C, 0x076A, "D"),
    (0x076B, 0x076C, "R"),
    (0x076D, 0x0770, "D"),
    (0x0771, 0x0771, "R"),
    (0x0772, 0x0772, "D"),
    (0x0773, 0x0774, "R"),
    (0x0775, 0x0777, "D"),
    (0x0778, 0x0779, "R"),
    (0x077A, 0x077F, "D"),
    (0x07CA, 0x07EA, "D"),
    (0x07FA, 0x07FA, "C"),
    (0x0840, 0x0840, "R"),
    (0x0841, 0x0845, "D"),
    (0x0846, 0x0847, "R"),
    (0x0848, 0x0848, "D"),
    (0x0849, 0x0849, "R"),
    (0x084A, 0x0853, "D"),
    (0x0854, 0x0854, "R"),
    (0x0855, 0x0855, "D"),
    (0x0860, 0x0860, "D"),
    (0x0862, 0x0865, "D"),
    (0x0867, 0x0867, "R"),
    (0x0868, 0x0868, "D"),
    (0x0869, 0x086A, "R"),
    (0x08A0, 0x08A9, "D"),
    (0x08AA, 0x08AC, "R"),
    (0x08AE, 0x08AE, "R"),
    (0x08AF, 0x08B0, "D"),
    (0x08B1, 0x08B2, "R"),
    (0x08B3, 0x08B4, "D"),
    (0x08B6, 0x08B8, "D"),
    (0x08B9, 0x08B9, "R"),
    (0x08BA, 0x08BD, "D"),
)


def joining_type(char: str) -> str:
    """The Unicode joining type of a character (ask `_KINDS`, which keeps them)."""
    if char == ZWNJ:
        return NONE
    code = ord(char)
    if 0x0600 <= code <= 0x08FF:
        for start, end, kind in _JOINING:
            if start <= code <= end:
                return kind
    if char == ZWJ:
        return CAUSING
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return TRANSPARENT
    return NONE


_FORWARD = frozenset((DUAL, CAUSING))
"""Joining types that join the letter after them."""
_BACKWARD = frozenset((DUAL, RIGHT, CAUSING))
"""Joining types that join the letter before them."""


class _Kinds(dict[str, str]):
    """`joining_type` by character, filled as characters are met (a lookup, not a call)."""

    def __missing__(self, char: str) -> str:
        kind = self[char] = joining_type(char)
        return kind


_KINDS = _Kinds()


@cache
def _letter_forms() -> tuple[dict[str, tuple[str, str, str, str]], tuple[int, int, int, int]]:
    """arabic-reshaper's table of letter forms, and its (isolated, initial, medial, final)
    indexes. Imported at the first shaping, not with this module: `render` through GNU FriBidi
    never shapes, and the package's import reads its configuration file format (configparser),
    a tenth of what the command line imports."""
    from arabic_reshaper.letters import FINAL, INITIAL, ISOLATED, LETTERS_ARABIC, MEDIAL

    return LETTERS_ARABIC, (ISOLATED, INITIAL, MEDIAL, FINAL)


def shape(chars: Sequence[str]) -> list[str]:
    """Presentation forms for a paragraph's characters, in logical order.

    The result has one entry per input character. A lam-alef pair becomes the ligature on the
    lam and an empty string on the alef (it takes no cell of its own); every other character
    maps to its contextual form, or to itself.
    """
    letters, (isolated_form, initial, medial, final_form) = _letter_forms()
    if letters.keys().isdisjoint(chars):
        return list(chars)
    count = len(chars)
    kinds = [_KINDS[char] for char in chars]
    joined_before = [False] * count
    previous: str | None = None
    for i, kind in enumerate(kinds):
        if kind == TRANSPARENT:
            continue
        if previous in _FORWARD and kind in _BACKWARD:
            joined_before[i] = True
        previous = kind
    joined_after = [False] * count
    following = False
    for i in range(count - 1, -1, -1):
        if kinds[i] == TRANSPARENT:
            continue
        joined_after[i] = following
        following = joined_before[i]

    shaped = list(chars)
    i = 0
    while i < count:
        char = chars[i]
        forms = letters.get(char)
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
            form = forms[medial] or forms[final_form]
        elif joined_before[i]:
            form = forms[final_form]
        elif joined_after[i]:
            form = forms[initial]
        else:
            form = forms[isolated_form]
        shaped[i] = form or char
        i += 1
    return shaped
