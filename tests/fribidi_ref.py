"""Independent GNU FriBidi reference for the Arabic display pipeline.

Why this exists: our pipeline (python-bidi + arabic-reshaper, elsewhere) must put on
screen what GNU FriBidi 1.0.x would.  This module drives libfribidi.so.0 directly via
ctypes, the way a real renderer does it: embedding levels are resolved ONCE over the
whole paragraph (base direction RTL unless asked), Arabic joining and shaping are done
over the whole paragraph, then each wrapped line is reordered on its own with
``fribidi_reorder_line`` (L1 trailing-whitespace reset, L2 reversal, L3 NSM kept after
its base char).  Mirroring (L4) is applied by ``fribidi_shape`` from the paragraph
levels, not by ``fribidi_reorder_line``.

Flags are FRIBIDI_FLAGS_DEFAULT | FRIBIDI_FLAGS_ARABIC, the ones ``fribidi_log2vis``
(used by the ``fribidi`` command) applies.

Differences found between the ``fribidi`` command (1.0.8) and the library calls here:

* None in the visual string, checked code point for code point on the article and the
  self-test strings: the command prints the U+FEFF fillers too (only ``--clean`` drops
  them) and uses the same flags.  Its ``--reordernsm`` / ``--nomirror`` options are
  in fact no-ops in 1.0.x: ``fribidi_set_reorder_nsm`` writes the static ``flags`` of
  fribidi-deprecated.c while ``fribidi_log2vis`` reads its own copy in fribidi.c, fixed
  at FRIBIDI_FLAGS_DEFAULT | FRIBIDI_FLAGS_ARABIC (so NSMs already follow their base,
  and ``--nomirror`` still mirrors).  ``visual_paragraph_cli`` passes ``--reordernsm``
  anyway, so that a FriBidi whose option works still agrees with the library path.
* Length: the command reads lines with fgets into a 65000-byte buffer, so an input
  line longer than 64997 UTF-8 bytes is cut into several independent paragraphs
  (measured).  ``visual_paragraph_cli`` refuses such input instead of differing.

``canonical`` exists for the comparison with our pipeline (not for library vs CLI):
FriBidi leaves non-joining letters (e.g. hamza U+0621) unshaped where arabic-reshaper
writes their isolated presentation form, and FriBidi keeps a U+FEFF filler after each
lam-alef ligature.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
import unicodedata
from ctypes import POINTER, byref, c_int, c_int8, c_uint8, c_uint32
from functools import cache

LIBRARY = "libfribidi.so.0"
COMMAND = "fribidi"
INSTALL_HINT = "GNU FriBidi is missing: install the Debian packages libfribidi0 and libfribidi-bin"

FRIBIDI_PAR_LTR = 0x00000110
FRIBIDI_PAR_RTL = 0x00000111
FRIBIDI_FLAG_SHAPE_MIRRORING = 0x00000001
FRIBIDI_FLAG_REORDER_NSM = 0x00000002
FRIBIDI_FLAG_SHAPE_ARAB_PRES = 0x00000100
FRIBIDI_FLAG_SHAPE_ARAB_LIGA = 0x00000200
FRIBIDI_FLAG_REMOVE_SPECIALS = 0x00040000
FRIBIDI_FLAGS_DEFAULT = (
    FRIBIDI_FLAG_SHAPE_MIRRORING | FRIBIDI_FLAG_REORDER_NSM | FRIBIDI_FLAG_REMOVE_SPECIALS
)
FRIBIDI_FLAGS_ARABIC = FRIBIDI_FLAG_SHAPE_ARAB_PRES | FRIBIDI_FLAG_SHAPE_ARAB_LIGA
FLAGS = FRIBIDI_FLAGS_DEFAULT | FRIBIDI_FLAGS_ARABIC

CLI_MAX_BYTES = 64997  # fgets(buf, 65000 - 1) must also fit the newline
PARAGRAPH_SEPARATORS = frozenset("\n\r\x1c\x1d\x1e\x85\u2029")  # bidi class B
FILLER = "\ufeff"  # FRIBIDI_CHAR_FILL, written after a lam-alef ligature

_P_CHAR = POINTER(c_uint32)  # FriBidiChar*
_P_TYPE = POINTER(c_uint32)  # FriBidiCharType* / FriBidiBracketType*
_P_LEVEL = POINTER(c_int8)  # FriBidiLevel*
_P_JOIN = POINTER(c_uint8)  # FriBidiArabicProp*
_P_INDEX = POINTER(c_int)  # FriBidiStrIndex*


@cache
def _lib() -> ctypes.CDLL:
    """Load libfribidi once and declare the prototypes (wrong widths would corrupt)."""
    lib = ctypes.CDLL(LIBRARY)
    lib.fribidi_get_bidi_types.argtypes = [_P_CHAR, c_int, _P_TYPE]
    lib.fribidi_get_bidi_types.restype = None
    lib.fribidi_get_bracket_types.argtypes = [_P_CHAR, c_int, _P_TYPE, _P_TYPE]
    lib.fribidi_get_bracket_types.restype = None
    lib.fribidi_get_par_embedding_levels_ex.argtypes = [
        _P_TYPE,
        _P_TYPE,
        c_int,
        POINTER(c_uint32),
        _P_LEVEL,
    ]
    lib.fribidi_get_par_embedding_levels_ex.restype = c_int8
    lib.fribidi_get_joining_types.argtypes = [_P_CHAR, c_int, _P_JOIN]
    lib.fribidi_get_joining_types.restype = None
    lib.fribidi_join_arabic.argtypes = [_P_TYPE, c_int, _P_LEVEL, _P_JOIN]
    lib.fribidi_join_arabic.restype = None
    lib.fribidi_shape.argtypes = [c_uint32, _P_LEVEL, c_int, _P_JOIN, _P_CHAR]
    lib.fribidi_shape.restype = None
    lib.fribidi_reorder_line.argtypes = [
        c_uint32,
        _P_TYPE,
        c_int,
        c_int,
        c_uint32,
        _P_LEVEL,
        _P_CHAR,
        _P_INDEX,
    ]
    lib.fribidi_reorder_line.restype = c_int8
    return lib


def available() -> bool:
    """True if both the library and the ``fribidi`` command can be used."""
    try:
        _lib()
    except (OSError, AttributeError):  # no library, or one without these symbols
        return False
    return shutil.which(COMMAND) is not None


def _utf32(text: str) -> bytes:
    return text.encode("utf-32-le", "surrogatepass")


def visual_lines(paragraph: str, line_ranges: list[tuple[int, int]], rtl: bool = True) -> list[str]:
    """Visual, shaped string of each logical line range ``(start, end)`` of ``paragraph``.

    Levels, joining and shaping see the whole paragraph (as a renderer must, or a line
    break would change the bidi/joining context); reordering is per line.
    """
    n = len(paragraph)
    for start, end in line_ranges:
        if not 0 <= start <= end <= n:
            raise ValueError(f"line range {(start, end)} outside paragraph of length {n}")
    if n == 0:
        return ["" for _ in line_ranges]
    if PARAGRAPH_SEPARATORS.intersection(paragraph):
        raise ValueError("one paragraph expected, without paragraph separators")
    lib = _lib()
    text = (c_uint32 * n).from_buffer_copy(_utf32(paragraph))
    types = (c_uint32 * n)()
    btypes = (c_uint32 * n)()
    levels = (c_int8 * n)()
    jtypes = (c_uint8 * n)()
    lib.fribidi_get_bidi_types(text, n, types)
    lib.fribidi_get_bracket_types(text, n, types, btypes)
    base = c_uint32(FRIBIDI_PAR_RTL if rtl else FRIBIDI_PAR_LTR)
    if lib.fribidi_get_par_embedding_levels_ex(types, btypes, n, byref(base), levels) == 0:
        raise RuntimeError("fribidi_get_par_embedding_levels_ex failed")
    lib.fribidi_get_joining_types(text, n, jtypes)
    lib.fribidi_join_arabic(types, n, levels, jtypes)
    lib.fribidi_shape(FLAGS, levels, n, jtypes, text)  # shapes + mirrors `text` in place
    shaped, par_levels = bytes(text), bytes(levels)
    lines: list[str] = []
    for start, end in line_ranges:
        # reorder_line rewrites levels (L1) and the string in place, at absolute
        # indexes [start, end): hand it fresh whole-paragraph copies for every line.
        line_text = (c_uint32 * n).from_buffer_copy(shaped)
        line_levels = (c_int8 * n).from_buffer_copy(par_levels)
        length = end - start  # map=NULL: only the string and levels are permuted
        ok = lib.fribidi_reorder_line(
            FLAGS, types, length, start, base.value, line_levels, line_text, None
        )
        if ok == 0:
            raise RuntimeError("fribidi_reorder_line failed")
        lines.append(bytes(line_text)[4 * start : 4 * end].decode("utf-32-le", "surrogatepass"))
    return lines


def visual_paragraph_cli(paragraph: str) -> str:
    """Visual line printed by the ``fribidi`` command, to cross-check ``visual_lines``.

    ``--reordernsm`` states the flag the library path uses (a no-op in 1.0.8, see above).
    """
    data = paragraph.encode("utf-8")
    if "\n" in paragraph or len(data) > CLI_MAX_BYTES:
        raise ValueError("the command would split this into several paragraphs")
    command = shutil.which(COMMAND)
    if command is None:
        raise FileNotFoundError(INSTALL_HINT)
    done = subprocess.run(
        [command, "--rtl", "--nopad", "--nobreak", "--reordernsm"],
        input=data + b"\n",
        capture_output=True,
        check=True,
    )
    out = done.stdout.decode("utf-8")
    return out[:-1] if out.endswith("\n") else out


@cache
def _isolated_to_base() -> dict[int, str]:
    """Isolated presentation forms of single letters -> their base letter."""
    table: dict[int, str] = {}
    for cp in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]:
        tag, *rest = unicodedata.decomposition(chr(cp)).split() or [""]
        if tag == "<isolated>" and len(rest) == 1:
            table[cp] = chr(int(rest[0], 16))
    return table


def canonical(visual: str) -> str:
    """Comparable form of a visual string: drop U+FEFF, isolated letter forms -> base.

    Lam-alef ligatures (two-letter decompositions) are kept: the ligature itself must
    match.  Apply to both sides of a comparison.
    """
    return visual.replace(FILLER, "").translate(_isolated_to_base())


def fold_presentation_forms(paragraph: str) -> tuple[str, list[int]]:
    """Presentation forms folded as the display pipeline folds them (FriBidi would leave
    them as they are), with where each original offset starts in the folded string."""
    starts: list[int] = []
    folded: list[str] = []
    size = 0
    for char in paragraph:
        starts.append(size)
        code = ord(char)
        piece = char
        if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFE:
            piece = unicodedata.normalize("NFKC", char)
        folded.append(piece)
        size += len(piece)
    starts.append(size)
    return "".join(folded), starts


def drawn(visual: str) -> str:
    """What reaches the screen of a FriBidi line: no format characters, a tab as a space."""
    kept = "".join(char for char in canonical(visual) if unicodedata.category(char) != "Cf")
    return kept.replace("\t", " ")


def assert_layout_matches(text: str, width: int, rtl: bool = True) -> None:
    """Every visual line of tui-reader's layout equals FriBidi's line for the same logical
    range, the levels resolved over the whole paragraph."""
    from tui_reader.core.display import bidi_paragraphs, layout

    bounds = list(bidi_paragraphs(text))
    by_paragraph: dict[int, list[object]] = {}
    lines = layout(text, width, rtl=rtl)
    for line in lines:
        owner = max(offset for offset, _ in bounds if offset <= line.start)
        by_paragraph.setdefault(owner, []).append(line)
    for offset, paragraph in bounds:
        ours = [line for line in lines if line in by_paragraph.get(offset, [])]
        folded, starts = fold_presentation_forms(paragraph)
        ranges = [(starts[line.start - offset], starts[line.end - offset]) for line in ours]
        reference = visual_lines(folded, ranges, rtl=rtl)
        for line, expected in zip(ours, reference, strict=True):
            assert canonical(line.text) == drawn(expected), (
                f"width {width}, logical {line.start}-{line.end}: {text[line.start : line.end]!r}"
            )
