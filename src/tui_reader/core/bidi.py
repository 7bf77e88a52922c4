"""The Unicode Bidirectional Algorithm (UAX #9) for one paragraph, levels and line reordering.

python-bidi 0.6 exposes only `get_display`, which works on a whole string at once: it cannot
resolve levels over a paragraph and then reorder the lines it was wrapped into, and it does not
mirror. So the resolution is done here, and python-bidi supplies the mirroring table.

Explicit embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) are *not* honoured:
texts are untrusted, and those characters are how a text disguises what it says (the "Trojan
Source" pattern). They are treated as boundary neutrals, removed by rule X9, so every paragraph
is a single isolating run sequence at the paragraph level. The implicit marks LRM, RLM and ALM
are honoured, as they are strong characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from bidi.mirror import MIRRORED

_STRONG_R = frozenset(("R", "AL"))
_NUMBER = frozenset(("EN", "AN"))
_NEUTRAL = frozenset(("B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"))
_STRONG = frozenset(("L", "R", "AL"))
_LEVELS = {
    True: {"L": 2, "R": 1, "EN": 2, "AN": 2},
    False: {"L": 0, "R": 1, "EN": 2, "AN": 2},
}
"""Rules I1 and I2 at paragraph level 1 (right to left) and 0: the level of each resolved
type (after rule N2, every type is one of these)."""
_UNIFORM_WITHOUT = {
    True: frozenset(("L", "EN", "AN")),
    False: frozenset(("R", "AL", "AN")),
}
"""A paragraph with none of these classes is all at the paragraph level: every strong type
is the paragraph's own direction (European digits become L in a left-to-right one by rule
W7), so the W and N rules give every neutral that direction too. Most paragraphs of prose
are like this."""
_EXPLICIT = frozenset(("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"))
_MAX_BRACKET_DEPTH = 63


@lru_cache(maxsize=4096)
def bidi_class(char: str) -> str:
    """The Bidi_Class of a character, with explicit formatting characters reduced to BN."""
    kind = unicodedata.bidirectional(char)
    if kind in _EXPLICIT:
        return "BN"
    return str(kind) if kind else "L"


MIRRORING = {ord(char): mirrored for char, mirrored in MIRRORED.items()}
"""`mirror` for `str.translate`."""


def mirror(char: str) -> str:
    mirrored: str = MIRRORED.get(char, char)
    return mirrored


@lru_cache(maxsize=1024)
def _bracket(char: str) -> tuple[int, str] | None:
    """(+1 opening / -1 closing, the opening bracket of the pair) for paired brackets."""
    pair = MIRRORED.get(char)
    if pair is None:
        return None
    category = unicodedata.category(char)
    if category == "Ps":
        return (1, char)
    if category == "Pe":
        return (-1, pair)
    return None


def _strong_direction(kind: str) -> str | None:
    """Direction of a type for rules N0 and N1, where numbers count as R."""
    if kind == "L":
        return "L"
    if kind in _STRONG_R or kind in _NUMBER:
        return "R"
    return None


def resolve_levels(
    chars: Sequence[str], classes: Sequence[str], rtl: bool, after_arabic: bool = False
) -> list[int]:
    """Embedding levels of one paragraph (rules W1-W7, N0-N2, I1-I2).

    `classes` are the Bidi_Class of each character (see `bidi_class`). Characters of class BN
    are skipped (rule X9) and given the level of the character before them. `after_arabic`:
    the text follows an Arabic letter (AL) for rule W2, as a word of a paragraph does.
    """
    base = 1 if rtl else 0
    if _UNIFORM_WITHOUT[rtl].isdisjoint(classes):
        return [base] * len(classes)
    embedding = "R" if rtl else "L"
    kept = [index for index, kind in enumerate(classes) if kind != "BN"]
    types = [classes[index] for index in kept]
    count = len(types)

    # W1-W3 in one pass: a mark takes the type of what it follows (sos at the start),
    # European digits after Arabic letters are Arabic numbers, and AL is R.
    previous = embedding
    last_strong = "AL" if after_arabic else embedding
    for i, kind in enumerate(types):
        if kind == "NSM":
            kind = previous
        else:
            previous = kind
        if kind in _STRONG:
            last_strong = kind
            if kind == "AL":
                kind = "R"
        elif kind == "EN" and last_strong == "AL":
            kind = "AN"
        types[i] = kind

    # W4: a single separator between two numbers of the same kind joins them.
    for i in range(1, count - 1):
        kind = types[i]
        if kind == "ES" and types[i - 1] == "EN" and types[i + 1] == "EN":
            types[i] = "EN"
        elif kind == "CS" and types[i - 1] == types[i + 1] and types[i - 1] in _NUMBER:
            types[i] = types[i - 1]

    # W5: terminators (%, $, ...) next to European numbers become European numbers.
    i = 0
    while i < count:
        if types[i] != "ET":
            i += 1
            continue
        end = i
        while end < count and types[end] == "ET":
            end += 1
        if (i > 0 and types[i - 1] == "EN") or (end < count and types[end] == "EN"):
            for j in range(i, end):
                types[j] = "EN"
        i = end

    # W6, W7.
    last_strong = embedding
    for i in range(count):
        kind = types[i]
        if kind in ("ES", "ET", "CS"):
            types[i] = "ON"
        elif kind in ("L", "R"):
            last_strong = kind
        elif kind == "EN" and last_strong == "L":
            types[i] = "L"

    _resolve_brackets(chars, classes, kept, types, embedding)

    # N1, N2: runs of neutrals between strong types of one direction take it; else embedding.
    i = 0
    while i < count:
        if types[i] not in _NEUTRAL:
            i += 1
            continue
        end = i
        while end < count and types[end] in _NEUTRAL:
            end += 1
        before = _strong_direction(types[i - 1]) if i > 0 else embedding
        after = _strong_direction(types[end]) if end < count else embedding
        direction = before if before is not None and before == after else embedding
        for j in range(i, end):
            types[j] = direction
        i = end

    # I1, I2.
    level_of = _LEVELS[rtl]
    if count == len(classes):
        return [level_of[kind] for kind in types]
    levels = [base] * len(classes)
    for position, kind in zip(kept, types, strict=True):
        levels[position] = level_of[kind]
    level = base
    for index, kind in enumerate(classes):
        if kind == "BN":
            levels[index] = level
        else:
            level = levels[index]
    return levels


def _resolve_brackets(
    chars: Sequence[str],
    classes: Sequence[str],
    kept: list[int],
    types: list[str],
    embedding: str,
) -> None:
    """Rule N0: paired brackets take the direction of what they enclose, or of their context."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, position in enumerate(kept):
        if types[i] != "ON":
            continue
        bracket = _bracket(chars[position])
        if bracket is None:
            continue
        side, opening = bracket
        if side > 0:
            if len(stack) == _MAX_BRACKET_DEPTH:
                break
            stack.append((opening, i))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == opening:
                pairs.append((stack[depth][1], i))
                del stack[depth:]
                break
    if not pairs:
        return
    pairs.sort()
    opposite = "L" if embedding == "R" else "R"
    for open_at, close_at in pairs:
        inside = {_strong_direction(types[j]) for j in range(open_at + 1, close_at)}
        if embedding in inside:
            direction = embedding
        elif opposite in inside:
            context = embedding
            for j in range(open_at - 1, -1, -1):
                found = _strong_direction(types[j])
                if found is not None:
                    context = found
                    break
            direction = opposite if context == opposite else embedding
        else:
            continue
        for at in (open_at, close_at):
            types[at] = direction
            following = at + 1
            while following < len(types) and classes[kept[following]] == "NSM":
                types[following] = direction
                following += 1


def reorder(levels: Sequence[int]) -> list[int]:
    """Rule L2 for one line: the logical indexes of its items in visual order, left to right."""
    order = list(range(len(levels)))
    if not levels:
        return order
    if min(levels) == max(levels):
        # One level for the whole line, as in most lines of prose: one reversal or none.
        return order[::-1] if levels[0] % 2 else order
    highest = max(levels)
    lowest_odd = (
        min(level for level in levels if level % 2)
        if any(level % 2 for level in levels)
        else highest + 1
    )
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] < level:
                i += 1
                continue
            end = i
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[i:end] = order[i:end][::-1]
            i = end
    return order
