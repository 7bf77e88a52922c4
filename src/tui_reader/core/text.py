"""Texts: aligned segments of an Arabic original and its English rendering.

A text file is YAML (see the README, "Text format"), read and written by `text_yaml`. The
Arabic of the segments, joined with their separators, gives back the original document byte
for byte: segments never hold normalized text.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from tui_reader.core import letters
from tui_reader.core.errors import TuiReaderError

FORMAT_VERSION = 1
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
"""Ids of texts, their segments and glossary entries: lowercase ascii letters and digits,
hyphens between. Ids name files (notes, positions), so nothing else may pass: `\\Z`, not `$`,
which also matches before a final newline."""
MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024
TEXT_SUFFIXES = (".yaml", ".yml")


class TextError(TuiReaderError):
    """A text that cannot be read: the message names the file and, where known, the place."""


class TooBig(TextError):
    """A file over the size a reader of it accepts."""


@dataclass(frozen=True, slots=True)
class Segment:
    id: str
    ar: str
    en: str = ""
    before: str = " "
    """What stands between the previous segment and this one in the original ("\\n" starts a
    paragraph)."""


@dataclass(frozen=True)
class Text:
    id: str
    title_ar: str
    title_en: str
    segments: tuple[Segment, ...]
    source: str = ""
    date: str = ""
    after: str = ""
    """What follows the last segment in the original (a final newline, say)."""
    path: Path | None = field(default=None, compare=False)

    def __len__(self) -> int:
        return len(self.segments)

    def __iter__(self) -> Iterator[Segment]:
        return iter(self.segments)

    def original(self) -> str:
        """The Arabic document exactly as it was before it was cut into segments."""
        parts: list[str] = []
        for segment in self.segments:
            parts.append(segment.before)
            parts.append(segment.ar)
        parts.append(self.after)
        return "".join(parts)

    def index_of(self, segment_id: str) -> int:
        for index, segment in enumerate(self.segments):
            if segment.id == segment_id:
                return index
        raise KeyError(segment_id)


def id_from_name(name: str) -> str:
    """An id made from a file name: lowercase ascii letters and digits, hyphens for the rest
    ("" when nothing of it is left)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def read_limited(path: Path, limit: int = MAX_TEXT_FILE_BYTES) -> bytes:
    """The file's bytes, refusing directories and files over `limit` with a clear message."""
    try:
        if path.is_dir():
            raise TextError(f"{path}: is a directory, not a text file")
        size = path.stat().st_size
        if size > limit:
            raise TooBig(f"{path}: {size:,} bytes is over the limit of {limit:,} bytes")
        return path.read_bytes()
    except FileNotFoundError:
        raise TextError(f"{path}: no such file") from None
    except PermissionError:
        raise TextError(f"{path}: permission denied") from None
    except OSError as error:
        raise TextError(f"{path}: cannot be read ({error.strerror})") from None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _looks_utf16(data: bytes) -> bool:
    """NUL bytes all on one side of each pair, and the rest reads as UTF-16: text saved as
    UTF-16 by a tool that left out the byte-order mark."""
    sample = data[: 4096 - 4096 % 2] if len(data) >= 4096 else data[: len(data) - len(data) % 2]
    high, low = sample[1::2].count(0), sample[0::2].count(0)
    for encoding, zeros, others in (("utf-16-le", high, low), ("utf-16-be", low, high)):
        if zeros and not others:
            try:
                decoded = sample.decode(encoding)
            except UnicodeDecodeError:
                continue
            # Text has no control characters but line ends and tabs; a binary file read as
            # UTF-16 is full of them.
            return _CONTROL.search(decoded) is None
    return False


def decode_utf8(data: bytes, path: Path | str) -> str:
    """Decode UTF-8 (a BOM is dropped), or say at which line and byte it stops being UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TextError(f"{path}: this is UTF-16 text; save it as UTF-8 and try again")
    if b"\x00" in data:
        if _looks_utf16(data):
            raise TextError(
                f"{path}: this looks like UTF-16 text (without a byte-order mark); save it as "
                "UTF-8 and try again"
            )
        raise TextError(f"{path}: looks like a binary file (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise TextError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
            f"{error.start})"
        ) from None
    return text.removeprefix("\ufeff")


def to_record(text: Text) -> dict[str, Any]:
    """The text as plain JSON data for the cache (`from_record` reads it back)."""
    return {
        "meta": [text.id, text.title_ar, text.title_en, text.source, text.date, text.after],
        "segments": [field for s in text.segments for field in (s.id, s.ar, s.en, s.before)],
    }


# Every field of a Segment, in order (a test holds them to `dataclasses.fields`).
_SET_ID, _SET_AR, _SET_EN, _SET_BEFORE = (
    getattr(Segment, name).__set__ for name in ("id", "ar", "en", "before")
)


def _segment(segment_id: str, ar: str, en: str, before: str) -> Segment:
    """`Segment(...)` of strings checked already, without the frozen dataclass's `__init__`
    (a call of `object.__setattr__` a field): 40% less of a book's segments' making."""
    segment = object.__new__(Segment)
    _SET_ID(segment, segment_id)
    _SET_AR(segment, ar)
    _SET_EN(segment, en)
    _SET_BEFORE(segment, before)
    return segment


def from_record(plain: object, path: Path) -> Text | None:
    """A text from `to_record`'s data, or None for anything else (a cache entry that is not
    what this version wrote is a miss)."""
    if not isinstance(plain, dict):
        return None
    # The segments' fields in one flat list: a list per segment would give the collector
    # thousands more objects to walk while a book opens.
    meta, fields = plain.get("meta"), plain.get("segments")
    if not isinstance(meta, list) or len(meta) != 6 or not isinstance(fields, list):
        return None
    if not fields or len(fields) % 4 or {type(value) for value in chain(meta, fields)} != {str}:
        return None
    # A book's tens of thousands of segments made in one go, with the collector paused:
    # each few hundred would set it off, to walk the segments made so far (a quarter of the
    # time this took).
    collecting = gc.isenabled()
    gc.disable()
    try:
        segments = list(map(_segment, fields[0::4], fields[1::4], fields[2::4], fields[3::4]))
    finally:
        if collecting:
            gc.enable()
    text_id, title_ar, title_en, source, date, after = meta
    # The entry is named by a hash of the file, but anything can write to the cache folder:
    # ids that name files are checked as in the file itself.
    ids = [segment.id for segment in segments]
    if len(set(ids)) != len(ids) or not all(map(ID_PATTERN.fullmatch, [text_id, *ids])):
        return None
    return Text(text_id, title_ar, title_en, tuple(segments), source, date, after, path)


def words(text: str) -> list[tuple[int, int]]:
    """The logical spans of the words of `text`, in order (`letters.WORD_PATTERN`: letters and
    digits with their marks, tatweel and joiners)."""
    return [match.span() for match in letters.WORD_PATTERN.finditer(text)]
