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
from collections.abc import Sequence
from ctypes import byref, c_int8, c_uint8, c_uint32
from functools import cache

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
"""What FriBidi leaves in the lam's place when it joins a lam and an alef into a ligature (on
a right-to-left line, it follows the ligature)."""


class _Library:
    """The calls of `fribidi_log2vis`. Their arguments are arrays (or `byref` into them),
    `None` and ints, passed without declared argument types: ctypes' conversion through
    them cost a line more than FriBidi's reordering of it."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self.get_bidi_types = lib.fribidi_get_bidi_types
        self.get_bidi_types.restype = None
        self.get_bracket_types = lib.fribidi_get_bracket_types
        self.get_bracket_types.restype = None
        self.get_levels = lib.fribidi_get_par_embedding_levels_ex
        self.get_levels.restype = c_int8
        self.get_joining_types = lib.fribidi_get_joining_types
        self.get_joining_types.restype = None
        self.join_arabic = lib.fribidi_join_arabic
        self.join_arabic.restype = None
        self.shape = lib.fribidi_shape
        self.shape.restype = None
        self.reorder_line = lib.fribidi_reorder_line
        self.reorder_line.restype = c_int8
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


class Paragraphs:
    """Paragraphs laid end to end in FriBidi's buffers, each with its levels resolved and its
    Arabic shaped over its own stretch, for lines to be cut from them (`lines`).

    Together, so that the text is converted to and from FriBidi's arrays once for a whole
    book, and the calls that look at one character at a time (bidi, bracket and joining
    types) are made once: per paragraph, these conversions and calls cost more than FriBidi's
    own work on it."""

    def __init__(self, paragraphs: Sequence[str], rtl: bool) -> None:
        library = _library()
        if library is None:
            raise ValueError("GNU FriBidi's library is not there")
        self._library = library
        self._base = _PAR_RTL if rtl else _PAR_LTR
        self.starts: list[int] = []
        """Where each paragraph starts in the buffers."""
        self.resolved: list[bool] = []
        """Whether FriBidi resolved each paragraph's levels (it fails only without memory)."""
        self.joined = "".join(paragraphs)
        count = len(self.joined)
        text = (c_uint32 * count).from_buffer_copy(self.joined.encode("utf-32-le"))
        types, brackets = (c_uint32 * count)(), (c_uint32 * count)()
        levels, joining = (c_int8 * count)(), (c_uint8 * count)()
        self._arrays = text, types, levels
        library.get_bidi_types(text, count, types)
        library.get_bracket_types(text, count, types, brackets)
        library.get_joining_types(text, count, joining)
        base = c_uint32()
        start = 0
        for paragraph in paragraphs:
            self.starts.append(start)
            length = len(paragraph)
            offset = 4 * start
            base.value = self._base
            done = bool(
                library.get_levels(
                    byref(types, offset),
                    byref(brackets, offset),
                    length,
                    byref(base),
                    byref(levels, start),
                )
            )
            if done:
                library.join_arabic(
                    byref(types, offset), length, byref(levels, start), byref(joining, start)
                )
            self.resolved.append(done)
            start += length
        # Over all the paragraphs at once: mirroring looks at one character, and a lam-alef
        # ligature needs the two letters joined, which `join_arabic` decided in a paragraph.
        library.shape(_FLAGS, levels, count, joining, text)
        self.zero_width = bytes(joining).translate(_NO_CELL)
        """1 for each character that takes no cell once shaped (a mark, or the lam of a
        lam-alef ligature, where FriBidi leaves `FILLER`), else 0."""

    def lines(self, ranges: Sequence[tuple[int, int]]) -> list[str] | None:
        """The visual string of each `(start, end)` of the buffers, each line reordered on its
        own within a resolved paragraph; lam-alef ligatures are followed by `FILLER`. Once
        only: the lines are reordered in place. None when FriBidi fails."""
        library = self._library
        text, types, levels = self._arrays
        reorder, base = library.reorder_line, self._base
        for start, end in ranges:
            # Each call reorders (and applies rule L1 to) only its own range of the buffers.
            if reorder(_FLAGS, types, end - start, start, base, levels, text, None) == 0:
                return None
        drawn = str(memoryview(text), "utf-32-le")
        return [drawn[start:end] for start, end in ranges]


_NO_CELL = bytes(int(bool(props & 0x28)) for props in range(256))
"""FriBidi's joining properties, TRANSPARENT (0x08: a mark) or LIGATURED (0x20), as 1."""
