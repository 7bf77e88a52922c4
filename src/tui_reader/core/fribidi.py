"""GNU FriBidi's C library, where it is installed: levels, shaping and line reordering of a
paragraph at C speed, for `render`.

Only a fast path. `display` hands it the paragraphs on which FriBidi and tui-reader's own
pipeline are known to draw the same lines (Arabic letters, marks after letters, digits,
punctuation, Latin; see `display.fribidi_safe`), and draws every other paragraph itself; the
tests hold the two paths to each other and to FriBidi. Without the library (or with
`TUI_READER_FRIBIDI=off`) everything is drawn by the pure Python pipeline, to the same result.

The calls are those of `fribidi_log2vis`, which the `fribidi` command uses, with the levels
resolved over the whole paragraph and each wrapped line reordered on its own.
"""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Sequence
from ctypes import POINTER, byref, c_int, c_int8, c_uint8, c_uint32
from functools import cache
from typing import Any

LIBRARY = "libfribidi.so.0"
SWITCH = "TUI_READER_FRIBIDI"
"""Set to `off` to draw everything with the pure Python pipeline."""

_PAR_LTR = 0x00000110
_PAR_RTL = 0x00000111
_FLAGS = (
    0x00000001  # SHAPE_MIRRORING
    | 0x00000002  # REORDER_NSM: marks stay after their letter
    | 0x00040000  # REMOVE_SPECIALS
    | 0x00000100  # SHAPE_ARAB_PRES
    | 0x00000200  # SHAPE_ARAB_LIGA
)
FILLER = "\ufeff"
"""What FriBidi leaves in the alef's place after a lam-alef ligature."""

_CHARS = POINTER(c_uint32)
_LEVELS = POINTER(c_int8)


class _Library:
    def __init__(self, lib: ctypes.CDLL) -> None:
        self.get_bidi_types = lib.fribidi_get_bidi_types
        self.get_bidi_types.argtypes = [_CHARS, c_int, _CHARS]
        self.get_bidi_types.restype = None
        self.get_bracket_types = lib.fribidi_get_bracket_types
        self.get_bracket_types.argtypes = [_CHARS, c_int, _CHARS, _CHARS]
        self.get_bracket_types.restype = None
        self.get_levels = lib.fribidi_get_par_embedding_levels_ex
        self.get_levels.argtypes = [_CHARS, _CHARS, c_int, POINTER(c_uint32), _LEVELS]
        self.get_levels.restype = c_int8
        self.get_joining_types = lib.fribidi_get_joining_types
        self.get_joining_types.argtypes = [_CHARS, c_int, POINTER(c_uint8)]
        self.get_joining_types.restype = None
        self.join_arabic = lib.fribidi_join_arabic
        self.join_arabic.argtypes = [_CHARS, c_int, _LEVELS, POINTER(c_uint8)]
        self.join_arabic.restype = None
        self.shape = lib.fribidi_shape
        self.shape.argtypes = [c_uint32, _LEVELS, c_int, POINTER(c_uint8), _CHARS]
        self.shape.restype = None
        self.reorder_line = lib.fribidi_reorder_line
        self.reorder_line.argtypes = [
            c_uint32,
            _CHARS,
            c_int,
            c_int,
            c_uint32,
            _LEVELS,
            _CHARS,
            POINTER(c_int),
        ]
        self.reorder_line.restype = c_int8
        # The bidi types that FriBidi's rule for marks (L3) joins to the letter before them
        # (marks, boundary neutrals, explicit embeddings and isolates): a line must not start
        # at one for its stretch of the whole paragraph to be the line reordered alone.
        probe = "\u064e\u200b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        found = (c_uint32 * len(probe))()
        chars = (c_uint32 * len(probe))(*map(ord, probe))
        self.get_bidi_types(chars, len(probe), found)
        self.joins_back = frozenset(found)
        info = ctypes.c_char_p.in_dll(lib, "fribidi_version_info").value or b""
        first = info.decode("ascii", "replace").splitlines()[:1]
        self.version = first[0].replace("(GNU FriBidi) ", "") if first else "?"


@cache
def _library() -> _Library | None:
    if os.environ.get(SWITCH, "").strip().lower() in ("off", "0", "no", "false"):
        return None
    try:
        return _Library(ctypes.CDLL(LIBRARY))
    except (OSError, AttributeError, ValueError):
        return None


def available() -> bool:
    return _library() is not None


def describe() -> str:
    """Which path draws the Arabic, for `--version`."""
    library = _library()
    if library is None:
        return f"Arabic display: tui-reader's own pipeline ({LIBRARY} not found, or {SWITCH}=off)"
    return (
        "Arabic display: tui-reader's own pipeline; render uses GNU FriBidi "
        f"{library.version} ({LIBRARY}) for the paragraphs it draws alike"
    )


def visual_lines(paragraph: str, lines: Sequence[tuple[int, int]], rtl: bool) -> list[str] | None:
    """The visual string of each logical range `(start, end)` of `paragraph`: levels and
    shaping over the whole paragraph, each line reordered on its own. Lam-alef ligatures are
    followed by `FILLER`. None without the library, or when FriBidi fails.

    A line all at the paragraph's level is not reordered by a call of its own: in a
    left-to-right paragraph it stays as it is; in a right-to-left one it is its stretch of the
    whole paragraph reordered by one call, which is the line reversed with each letter's marks
    kept after it (what FriBidi does to the line alone, as long as no line starts or ends
    between a letter and its marks: such lines are reordered on their own)."""
    library = _library()
    if library is None:
        return None
    count = len(paragraph)
    if count == 0:
        return ["" for _ in lines]
    buffers = _buffers(count)
    text, types, brackets, levels, joining = buffers
    ctypes.memmove(text, paragraph.encode("utf-32-le"), 4 * count)
    library.get_bidi_types(text, count, types)
    library.get_bracket_types(text, count, types, brackets)
    base = c_uint32(_PAR_RTL if rtl else _PAR_LTR)
    if library.get_levels(types, brackets, count, byref(base), levels) == 0:
        return None
    library.get_joining_types(text, count, joining)
    library.join_arabic(types, count, levels, joining)
    library.shape(_FLAGS, levels, count, joining, text)
    shaped = "" if rtl else ctypes.string_at(text, 4 * count).decode("utf-32-le")
    resolved = ctypes.string_at(levels, count)
    level = b"\x01" if rtl else b"\x00"
    joins_back = library.joins_back
    found: list[str] = []
    from_whole: list[int] = []
    for start, end in lines:
        if resolved.count(level, start, end) == end - start:
            if not rtl:
                found.append(shaped[start:end])
                continue
            if (start == count or types[start] not in joins_back) and (
                end == count or types[end] not in joins_back
            ):
                from_whole.append(len(found))
                found.append("")
                continue
        # Each call reorders (and applies rule L1 to) only its own range of the buffers,
        # which the lines do not share.
        if library.reorder_line(_FLAGS, types, end - start, start, base, levels, text, None) == 0:
            return None
        line = ctypes.string_at(ctypes.addressof(text) + 4 * start, 4 * (end - start))
        found.append(line.decode("utf-32-le"))
    if from_whole:
        # After the lines above: they changed only their own ranges, which these do not share.
        if library.reorder_line(_FLAGS, types, count, 0, base, levels, text, None) == 0:
            return None
        whole = ctypes.string_at(text, 4 * count).decode("utf-32-le")
        for index in from_whole:
            start, end = lines[index]
            found[index] = whole[count - end : count - start]
    return found


class _Buffers(threading.local):
    arrays: tuple[Any, ...] = ()
    size = 0


_BUFFERS = _Buffers()


def _buffers(count: int) -> tuple[Any, ...]:
    """Arrays for a paragraph of `count` characters, kept from one paragraph to the next
    (per thread): a book's thousands of paragraphs would otherwise allocate five each."""
    if _BUFFERS.size < count:
        size = max(count, 2 * _BUFFERS.size, 4096)
        _BUFFERS.arrays = (
            (c_uint32 * size)(),
            (c_uint32 * size)(),
            (c_uint32 * size)(),
            (c_int8 * size)(),
            (c_uint8 * size)(),
        )
        _BUFFERS.size = size
    return _BUFFERS.arrays
