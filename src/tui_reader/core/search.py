"""Search across texts (Arabic and English), the glossary and notes.

Every haystack is folded as for glossary matching (vowel marks, tatweel, alef and hamza forms,
alef maqsura, presentation forms) and searched case-insensitively, so a query typed without
hamza or vowel marks finds what is written with them, and the reverse. Hits are mapped back to
their span in the original string, which is what the reader highlights.

A whole text is searched as one folded string (C-speed `str.translate` and `re`); only the
segments that have hits are folded again with their offset map.
"""

from __future__ import annotations

import json
import re
import struct
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate
from operator import methodcaller
from typing import TYPE_CHECKING, NamedTuple, overload

from tui_reader.core.errors import TuiReaderError
from tui_reader.core.glossary import Glossary
from tui_reader.core.letters import ARABIC_LETTER, FOLDED_WORD
from tui_reader.core.morphology import analyses, has_pronoun, key
from tui_reader.core.normalize import normalize, original_span
from tui_reader.core.text import Text

if TYPE_CHECKING:
    # `regex` is imported where a regular expression is compiled: 20 ms a search would pay
    # for nothing.
    import regex

    # Types only: this module stays free of the stores (see ARCHITECTURE.md).
    from tui_reader.core.notes import NoteStore

    Pattern = re.Pattern[str] | regex.Pattern[str]

KINDS = ("ar", "en", "glossary", "notes")
KIND_NAMES = {"ar": "Arabic", "en": "English", "glossary": "Glossary", "notes": "Notes"}
MAX_QUERY = 1000
REGEX_SECONDS = 2.0
"""How long a regular expression may look for one match before the search gives up on it."""
MAX_REPEATED = 100_000
"""How many copies of its parts a regular expression's counted repeats may ask for, nested
ones multiplied: `regex` unrolls them while compiling, and (?:(?:(?:a{100}){100}){100}){100}
grew to 24 GB."""
MAX_HITS = 2_000_000
"""Hits in one text's Arabic or English (or the glossary, or notes): a search for `.` in a
book of 50 MB would fill memory with its hits long before it ended."""


_SEPARATOR = "\x00"
_SEPARATORS = re.compile(_SEPARATOR)
_END = methodcaller("end")
_LINE_BREAK = re.compile("[\n\r\t]")


class QueryError(TuiReaderError, ValueError):
    """A query that cannot be run; the message says why."""


@dataclass(frozen=True)
class Query:
    text: str
    kinds: tuple[str, ...] = KINDS
    regex: bool = False
    """A regular expression (Python syntax), run on the folded text."""
    forms: bool = False
    """Arabic words also match their inflected and cliticized forms."""
    whole_word: bool = False

    def pattern(self) -> Pattern:
        """The compiled pattern over folded text; raises QueryError for a bad query."""
        if len(self.text) > MAX_QUERY:
            raise QueryError(f"the query is longer than {MAX_QUERY} characters")
        folded = normalize(self.text).strip()
        if not folded:
            raise QueryError("the query is empty (vowel marks alone fold to nothing)")
        # A plain query's words may stand apart by any white space in the text.
        source = folded if self.regex else r"\s+".join(map(re.escape, folded.split()))
        if self.whole_word:
            source = rf"(?<!\w)(?:{source})(?!\w)"
        if not self.regex:
            return re.compile(source, re.IGNORECASE)
        # The user's own regular expressions run on the `regex` engine, which gives up after a
        # time limit and lets other threads run meanwhile: with `re`, a pattern like (a+)+$
        # could hold the GIL, and the whole reader, for minutes.
        if _repeated(source) > MAX_REPEATED:
            raise QueryError(
                f"the regular expression's counted repeats ask for over {MAX_REPEATED:,} "
                "copies (nested ones multiply, like (?:a{100}){100}); make them smaller"
            )
        import regex

        try:
            return regex.compile(source, regex.IGNORECASE | regex.V0)
        except regex.error as error:
            # regex's errors carry msg and pos as re's do; its type stubs leave them out.
            message, position = getattr(error, "msg", str(error)), getattr(error, "pos", None)
            where = f" at position {position}" if position is not None else ""
            raise QueryError(f"not a valid regular expression: {message}{where}") from None

    @property
    def arabic_words(self) -> list[set[str]]:
        """For --forms: the dictionary keys each query word may stand for. A query's final ي
        is the adjective's (إرهابي, دولي), not "my": a search for دولي must not find الدول."""
        return [
            {key(a.stem) for a in analyses(word) if not has_pronoun(a.suffixes)}
            for word in normalize(self.text).split()
        ]


_COUNTED = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")
_GROUP_OPENING = re.compile(r"\(\?(?:P?<\w+>|[-a-zA-Z]*:|[=!>|]|<[=!])")
_BRACED_ESCAPES = frozenset("NpPx")
"""Escapes that may carry braces of their own (\\N{name}, \\p{Arabic}, \\x{...})."""


def _repeated(source: str) -> int:
    """How many atoms the pattern comes to with its counted repeats unrolled, as `regex`
    compiles them: an upper bound, reckoned without compiling (alternatives are added, a
    repeat multiplies what it repeats; *, + and ? loop and unroll nothing)."""
    # Per open group: [atoms of the finished alternatives and of this one, the last atom].
    stack: list[list[int]] = [[0, 0]]
    index = 0
    while index < len(source):
        char = source[index]
        counted = _COUNTED.match(source, index) if char == "{" else None
        if counted is not None and counted.group(0) != "{}":
            low, comma, high = counted.groups()
            bound = int(high) if high else int(low or 0) if not comma or low else 0
            top = stack[-1]
            top[0] += top[1] * (max(bound, 1) - 1)
            top[1] *= max(bound, 1)
            index = counted.end()
            continue
        if char == "\\":
            end = index + 2
            if source[index + 1 : index + 2] in _BRACED_ESCAPES and source[end : end + 1] == "{":
                closing = source.find("}", end)
                end = len(source) if closing < 0 else closing + 1
            stack[-1][0] += 1
            stack[-1][1] = 1
            index = end
            continue
        if char == "[":
            # A set is one atom: skip to its end (a ] first in it, or escaped, is a member).
            end = index + 1
            end += source[end : end + 1] == "^"
            end += source[end : end + 1] == "]"
            while end < len(source) and source[end] != "]":
                end += 2 if source[end] == "\\" else 1
            stack[-1][0] += 1
            stack[-1][1] = 1
            index = end + 1
            continue
        if char == "(":
            if source.startswith("(?#", index):
                closing = source.find(")", index)
                index = len(source) if closing < 0 else closing + 1
                continue
            stack.append([0, 0])
            opening = _GROUP_OPENING.match(source, index)
            if opening is not None:
                index = opening.end()
                continue
        elif char == ")" and len(stack) > 1:
            size = stack.pop()[0]
            stack[-1][0] += size
            stack[-1][1] = size
        elif char == "|":
            stack[-1][1] = 0
        elif char not in "*+?":
            stack[-1][0] += 1
            stack[-1][1] = 1
        index += 1
    while len(stack) > 1:
        size = stack.pop()[0]
        stack[-1][0] += size
    return stack[0][0]


class Hit(NamedTuple):
    """One place a query matched, with its span in the original string `source`. A named
    tuple: a search of a book makes tens of thousands, three times faster than frozen
    dataclasses."""

    kind: str
    text_id: str
    segment_id: str
    segment_index: int | None
    field: str
    """"ar" or "en" for a segment; the entry field for the glossary; body/tags/quote for notes."""
    ref: str
    """The glossary entry id or the note id; "" for segments."""
    start: int
    end: int
    source: str

    def in_panes_of(self, text_id: str) -> bool:
        """Whether the hit is in that text's Arabic or English (where n and N step)."""
        return (
            self.kind in ("ar", "en") and self.text_id == text_id and self.segment_index is not None
        )

    @property
    def rtl(self) -> bool:
        """Whether the hit's string is Arabic (to be shown right to left)."""
        if self.kind == "ar" or self.field in ("ar", "vocalized", "ar_variants"):
            return True
        if self.kind == "notes":
            return bool(ARABIC_LETTER.search(self.source))
        return False

    def snippet(self, context: int = 30) -> tuple[str, str, str]:
        """(before, match, after), cut at word boundaries where it can, on one line."""
        first = max(0, self.start - context)
        # Line breaks flattened once for the whole window (one character for one).
        window = _LINE_BREAK.sub(" ", self.source[first : self.end + context])
        before = window[: self.start - first]
        match = window[self.start - first : self.end - first]
        after = window[self.end - first :]
        if self.start > context and " " in before:
            before = "…" + before[before.index(" ") + 1 :]
        if self.end + context < len(self.source) and " " in after:
            after = after[: after.rindex(" ")] + "…"
        return before, match, after


@lru_cache(maxsize=1 << 16)
def _keys(word: str) -> frozenset[str]:
    return frozenset(key(a.stem) for a in analyses(word))


def _form_spans(query: Query, folded: str) -> Iterator[tuple[int, int]]:
    """Runs of words whose analyses include the query words' keys, in order, never across
    the separator of two strings."""
    wanted = query.arabic_words
    words = [(m.start(), m.end(), m.group()) for m in FOLDED_WORD.finditer(folded)]
    for i in range(len(words) - len(wanted) + 1):
        run = words[i : i + len(wanted)]
        if _SEPARATOR in folded[run[0][0] : run[-1][1]]:
            continue
        if all(_keys(run[k][2]) & wanted[k] for k in range(len(wanted))):
            yield run[0][0], run[-1][1]


def _with_forms(query: Query, pattern: Pattern, folded: str) -> Iterator[tuple[int, int]]:
    """What the query finds as it is and as its words' forms, in order: where both find the
    same place, the longer span (a whole word rather than part of it)."""
    spans = sorted(
        {*_form_spans(query, folded), *(found.span() for found in pattern.finditer(folded))},
        key=lambda span: (span[0], -span[1]),
    )
    end = -1
    for start, stop in spans:
        if start >= end and stop > start:
            end = stop
            yield start, stop


def _find(query: Query, pattern: Pattern, folded: str) -> Iterator[tuple[int, int]]:
    # Forms are Arabic morphology: a query in another script is searched as it is.
    if query.forms and not query.regex and ARABIC_LETTER.search(normalize(query.text)):
        return _with_forms(query, pattern, folded)
    if isinstance(pattern, re.Pattern):
        return (found.span() for found in pattern.finditer(folded) if found.end() > found.start())
    return _limited(pattern, folded)


def _limited(pattern: regex.Pattern[str], folded: str) -> Iterator[tuple[int, int]]:
    """The pattern's spans in each string of `folded` (they stand apart by the separator).
    `regex`'s time limit is for all the matches of one call: a call that used it up finding
    matches goes on from the last, with time afresh; only one that found none in all that
    time is a runaway. So `.` in a book ends, and (a+)+$ on one long line does not."""
    offset = 0
    for string in folded.split(_SEPARATOR):
        position = 0
        while position <= len(string):
            start = position
            try:
                for found in pattern.finditer(string, pos=start, timeout=REGEX_SECONDS):
                    position = max(position, found.end())
                    if found.end() > found.start():
                        yield offset + found.start(), offset + found.end()
                break
            except TimeoutError:
                if position == start:
                    raise QueryError(
                        f"the regular expression took more than {REGEX_SECONDS:g} s; make it "
                        "simpler (that long looking for one match: a repeat inside a repeat, "
                        "like (a+)+, is the usual cause)"
                    ) from None
        offset += len(string) + 1


class FoldedStrings:
    """Strings folded for searching, as one string: each string starts at `starts[i]`, and
    they stand apart by a NUL, which no white-space pattern crosses (a phrase never runs from
    one segment into the next). Folded when first searched, unless given folded."""

    def __init__(self, strings: Sequence[str], joined: str | None = None) -> None:
        self.strings = strings
        if joined is not None:
            self.__dict__["joined"] = joined

    @cached_property
    def joined(self) -> str:
        # Folded as one string (folding is character by character, and leaves NUL alone):
        # a call per segment would cost more than the folding itself.
        joined = _SEPARATOR.join(self.strings)
        if joined.count(_SEPARATOR) >= len(self.strings):
            joined = _SEPARATOR.join(string.replace(_SEPARATOR, " ") for string in self.strings)
        return normalize(joined)

    @cached_property
    def starts(self) -> tuple[int, ...]:
        """Made when the first hit is mapped back: a side of a book with none (the English,
        for an Arabic query) is never split into its segments."""
        return _starts(self.joined)

    @classmethod
    def of(cls, strings: Iterable[str]) -> FoldedStrings:
        return cls(tuple(strings))

    @property
    def changed(self) -> bool:
        """Whether folding changed anything (English seldom has anything to fold)."""
        return self.joined != _SEPARATOR.join(self.strings)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FoldedStrings):
            return NotImplemented
        same = tuple(self.strings) == tuple(other.strings)
        return same and self.joined == other.joined

    __hash__ = None  # type: ignore[assignment]


_INDEX_MAGIC = b"tui-reader text index 1\n"
_INDEX_SIZE = struct.Struct("<Q")
_LENGTHS = "I"
"""The array type of the strings' lengths (4 bytes an item, checked where read)."""


@dataclass(frozen=True)
class TextIndex:
    """A text folded once for every search of it: the reader keeps one per text (built in a
    worker), so results can come as the user types. It holds all a search of the text needs
    (the segments' ids and strings), so `tui-reader search --text` searches one kept in the
    cache folder (`dump`, `load`) without reading the text itself."""

    text_id: str
    segment_ids: tuple[str, ...]
    arabic: FoldedStrings
    english: FoldedStrings

    @classmethod
    def of(cls, text: Text) -> TextIndex:
        """The index of `text`, each side folded when it is first searched."""
        segments = text.segments
        return cls(
            text.id,
            tuple(segment.id for segment in segments),
            FoldedStrings.of(segment.ar for segment in segments),
            FoldedStrings.of(segment.en for segment in segments),
        )

    @classmethod
    def build(cls, text: Text) -> TextIndex:
        """The index of `text`, folded now (the reader builds its index in a worker) rather
        than at the first search as the user types."""
        index = cls.of(text)
        for side in (index.arabic, index.english):
            _ = side.starts
        return index

    def fits(self, text: Text) -> bool:
        """Whether this can stand for `text` in a search (the same id and segments)."""
        return self.text_id == text.id and len(self.segment_ids) == len(text.segments)

    def position(self, segment_id: str) -> int | None:
        """Where the segment with that id stands in the text; None for no such segment."""
        return self._positions.get(segment_id)

    @cached_property
    def _positions(self) -> dict[str, int]:
        # The first of two segments with one id, as `Text.index_of` finds it.
        places = reversed(range(len(self.segment_ids)))
        return {self.segment_ids[place]: place for place in places}

    def dump(self, stamp: str) -> bytes:
        """The index as bytes for the cache folder, `load` reads them back; `stamp` names the
        folding that made it (a copy folded by other code is a miss). Strings are kept as
        ASCII or UTF-16, which decode several times faster than UTF-8 does Arabic."""
        blobs: list[tuple[str, bytes]] = []
        folded: list[bool] = []
        for side in (self.arabic, self.english):
            changed = side.changed
            folded.append(changed)
            # A side folding leaves as it is (a book's English) is kept once, its strings
            # joined by the separator: they are cut from it where it holds them.
            blobs += [
                _encoded("".join(side.strings) if changed else side.joined),
                ("lengths", array(_LENGTHS, map(len, side.strings) if changed else ()).tobytes()),
                _encoded(side.joined if changed else ""),
            ]
        head = {
            "stamp": stamp,
            "id": self.text_id,
            "ids": list(self.segment_ids),
            "folded": folded,
            "blobs": [[encoding, len(blob)] for encoding, blob in blobs],
        }
        header = json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        content = (blob for _, blob in blobs)
        return b"".join((_INDEX_MAGIC, _INDEX_SIZE.pack(len(header)), header, *content))

    @classmethod
    def load(cls, data: bytes, stamp: str) -> TextIndex | None:
        """The index `dump` made, or None for anything else: other bytes, a damaged or
        truncated copy, another folding's."""
        try:
            return cls._load(data, stamp)
        except (ValueError, TypeError, KeyError, struct.error):
            # UnicodeDecodeError and JSON's errors are ValueErrors.
            return None

    @classmethod
    def _load(cls, data: bytes, stamp: str) -> TextIndex | None:
        if not data.startswith(_INDEX_MAGIC) or array(_LENGTHS).itemsize != 4:
            return None
        at = len(_INDEX_MAGIC)
        (size,) = _INDEX_SIZE.unpack_from(data, at)
        at += _INDEX_SIZE.size
        head = json.loads(data[at : at + size].decode("utf-8"))
        at += size
        if not isinstance(head, dict) or head.get("stamp") != stamp:
            return None
        text_id, ids, folded, blobs = head["id"], head["ids"], head["folded"], head["blobs"]
        if not (
            isinstance(text_id, str)
            and isinstance(ids, list)
            and all(type(segment_id) is str for segment_id in ids)
            and isinstance(folded, list)
            and len(folded) == 2
            and all(type(flag) is bool for flag in folded)
            and isinstance(blobs, list)
            and len(blobs) == 6
        ):
            return None
        parts: list[str | array[int]] = []
        # Decoded from a view: a book's index is tens of megabytes, not to be copied first.
        view = memoryview(data)
        for encoding, length in blobs:
            if type(length) is not int or length < 0 or at + length > len(data):
                return None
            blob = view[at : at + length]
            at += length
            if encoding == "lengths":
                numbers = array(_LENGTHS)
                numbers.frombytes(blob)
                parts.append(numbers)
            elif encoding in _ENCODINGS:
                errors = "surrogatepass" if encoding == "utf-8" else "strict"
                parts.append(str(blob, encoding, errors))
            else:
                return None
        if at != len(data):
            return None
        sides = []
        for (originals, lengths, joined), changed in zip(
            (parts[0:3], parts[3:6]), folded, strict=True
        ):
            if not (
                isinstance(originals, str)
                and isinstance(lengths, array)
                and isinstance(joined, str)
            ):
                return None
            if changed:
                if len(lengths) != len(ids) or sum(lengths) != len(originals):
                    return None
                strings = _Slices(originals, (0, *accumulate(lengths)))
            else:
                if lengths or joined:
                    return None
                joined = originals
                strings = _Slices(joined, None)
            if joined.count(_SEPARATOR) != len(ids) - 1:
                return None
            sides.append(FoldedStrings(strings, joined))
        return cls(text_id, tuple(ids), *sides)


def _starts(joined: str) -> tuple[int, ...]:
    """Where each string of `joined` starts (they stand apart by the separator), and where
    one after the last would. From the separators' places, found at C speed: splitting a
    book's folded text into its tens of thousands of strings first took three times as long."""
    after = map(_END, _SEPARATORS.finditer(joined))
    return (0, *after, len(joined) + 1)


class _Slices(Sequence[str]):
    """The strings of an index read back, cut from their concatenation when asked for: a
    search of a book asks for those of its hits, not for its tens of thousands. `starts`:
    where each string starts, and the end; None for strings that stand apart by the
    separator (and hold none)."""

    def __init__(self, whole: str, starts: tuple[int, ...] | None) -> None:
        self._whole = whole
        self._gap = 0 if starts is not None else len(_SEPARATOR)
        if starts is not None:
            self.__dict__["_starts"] = starts

    @cached_property
    def _starts(self) -> tuple[int, ...]:
        return _starts(self._whole)

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __iter__(self) -> Iterator[str]:
        if self._gap:
            return iter(self._whole.split(_SEPARATOR))
        starts = self._starts
        return map(self._whole.__getitem__, map(slice, starts[:-1], starts[1:]))

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        starts = self._starts
        size = len(starts) - 1
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError(index)
        return self._whole[starts[index] : starts[index + 1] - self._gap]


_ENCODINGS = ("ascii", "utf-16-le", "utf-8")


def _encoded(string: str) -> tuple[str, bytes]:
    """The string as ASCII, else as UTF-16; UTF-8 (with surrogatepass) for one that UTF-16
    cannot hold (a lone surrogate)."""
    if string.isascii():
        return "ascii", string.encode("ascii")
    try:
        return "utf-16-le", string.encode("utf-16-le")
    except UnicodeEncodeError:
        return "utf-8", string.encode("utf-8", "surrogatepass")


def _search_strings(
    query: Query, pattern: Pattern, strings: list[str] | FoldedStrings
) -> Iterator[tuple[int, int, int]]:
    """(string index, original start, original end) of hits in a list of strings."""
    folded = strings if isinstance(strings, FoldedStrings) else FoldedStrings.of(strings)
    for count, (start, end) in enumerate(_find(query, pattern, folded.joined)):
        if count == MAX_HITS:
            raise QueryError(
                f"the query is found in more than {MAX_HITS:,} places; make it narrower"
            )
        starts = folded.starts
        index = bisect_right(starts, start) - 1
        local_start = start - starts[index]
        local_end = min(end - starts[index], starts[index + 1] - 1 - starts[index])
        if local_end <= local_start:
            continue
        first, last = original_span(folded.strings[index], local_start, local_end)
        yield index, first, last


def search_text(
    text: Text, query: Query, store: NoteStore | None = None, index: TextIndex | None = None
) -> list[Hit]:
    """Hits in one text's Arabic and English (through its `index`, when given one that fits
    it), and in its notes when `store` is given."""
    if index is None or not index.fits(text):
        index = TextIndex.of(text)
    return search_index(index, query, store)


def search_index(index: TextIndex, query: Query, store: NoteStore | None = None) -> list[Hit]:
    """Hits in the text `index` stands for, and in its notes when `store` is given."""
    pattern = query.pattern()
    hits: list[Hit] = []
    for kind, side in (("ar", index.arabic), ("en", index.english)):
        if kind not in query.kinds:
            continue
        for position, start, end in _search_strings(query, pattern, side):
            segment_id, source = index.segment_ids[position], side.strings[position]
            hits.append(
                Hit(kind, index.text_id, segment_id, position, kind, "", start, end, source)
            )
    if store is not None and "notes" in query.kinds:
        hits += search_notes(query, index.text_id, store, index.position, pattern)
    return hits


def search_notes(
    query: Query,
    text_id: str,
    store: NoteStore,
    index_of: Callable[[str], int | None],
    pattern: Pattern | None = None,
) -> list[Hit]:
    """Hits in a text's notes (body, tags, quote); `index_of` gives a segment id's place in
    the text, None when the text has no such segment."""
    if pattern is None:
        pattern = query.pattern()
    hits = []
    for note in store:
        fields = {"body": note.body, "tags": " ".join(note.tags), "quote": note.anchor.quote}
        names = list(fields)
        found = _search_strings(query, pattern, [fields[name] for name in names])
        for position, start, end in found:
            name = names[position]
            hits.append(
                Hit(
                    "notes",
                    text_id,
                    note.anchor.segment_id,
                    index_of(note.anchor.segment_id),
                    name,
                    note.id,
                    start,
                    end,
                    fields[name],
                )
            )
    return hits


def search_segments(
    query: Query, kind: str, text_id: str, segments: Sequence[tuple[int, str, str]]
) -> list[Hit]:
    """Hits in some segments of one text's Arabic or English (`kind`), given in text order as
    (index, segment id, string): exactly the hits `search_text` finds in those segments, as a
    hit never runs from one segment into the next (so a store of segments can pass only
    those that may hold one)."""
    pattern = query.pattern()
    strings = [string for _, _, string in segments]
    hits = []
    for position, start, end in _search_strings(query, pattern, strings):
        index, segment_id, source = segments[position]
        hits.append(Hit(kind, text_id, segment_id, index, kind, "", start, end, source))
    return hits


# Which letters a case-insensitive `re` pattern takes as one, beyond lower case: the pairs of
# Python's re._casefix (ſ and s, ı and i, ς and σ, the old Cyrillic forms...), each made its
# first. İ is lowered to i as `re` lowers it (str.lower makes it i and a dot).
_BEFORE_LOWER = {0x130: "i"}
_ALSO_ONE = {
    other: chr(group[0])
    for group in (
        (0x69, 0x131),
        (0x73, 0x17F),
        (0xB5, 0x3BC),
        (0x345, 0x3B9, 0x1FBE),
        (0x390, 0x1FD3),
        (0x3B0, 0x1FE3),
        (0x3B2, 0x3D0),
        (0x3B5, 0x3F5),
        (0x3B8, 0x3D1),
        (0x3BA, 0x3F0),
        (0x3C0, 0x3D6),
        (0x3C1, 0x3F1),
        (0x3C2, 0x3C3),
        (0x3C6, 0x3D5),
        (0x432, 0x1C80),
        (0x434, 0x1C81),
        (0x43E, 0x1C82),
        (0x441, 0x1C83),
        (0x442, 0x1C84, 0x1C85),
        (0x44A, 0x1C86),
        (0x463, 0x1C87),
        (0x1C88, 0xA64B),
        (0x1E61, 0x1E9B),
        (0xFB05, 0xFB06),
    )
    for other in group[1:]
}


def caseless(folded: str) -> str:
    """Folded text with every set of letters that a plain query (case-insensitive) takes as
    one made the same letter: wherever the query's folded words are found in a string, they
    are found, made caseless, in the string made caseless. For narrowing a search to the
    strings that may hold it (`required_words`); never shown, never mapped back."""
    if folded.isascii():
        return folded.lower()
    return folded.translate(_BEFORE_LOWER).lower().translate(_ALSO_ONE)


def required_words(query: Query) -> list[str] | None:
    """What a string must hold, folded and made `caseless`, to have a hit of `query`: each of
    its words. None for a query that cannot be narrowed so: a regular expression, Arabic
    forms (a form is not the word as typed), a query with a NUL (the separator of strings)."""
    folded = normalize(query.text).strip()
    if query.regex or _SEPARATOR in folded:
        return None
    if query.forms and ARABIC_LETTER.search(folded):
        return None
    return [caseless(word) for word in folded.split()]


def ordered(hits: list[Hit]) -> list[Hit]:
    """Hits grouped by kind, then in text order (the order `search` gives)."""
    order = {kind: rank for rank, kind in enumerate(KINDS)}
    return sorted(
        hits, key=lambda hit: (order[hit.kind], hit.text_id, hit.segment_index or 0, hit.start)
    )


GLOSSARY_FIELDS = (
    "ar",
    "vocalized",
    "ar_variants",
    "en",
    "en_variants",
    "definition",
    "note",
    "authority",
    "tags",
)


def search_glossary(glossary: Glossary, query: Query) -> list[Hit]:
    """Hits in every field of every entry."""
    if "glossary" not in query.kinds:
        return []
    pattern = query.pattern()
    places: list[tuple[str, str, str]] = []
    for entry in glossary.entries:
        for name in GLOSSARY_FIELDS:
            value = getattr(entry, name)
            comma = "، " if name == "ar_variants" else ", "
            string = comma.join(value) if isinstance(value, tuple) else value
            if string:
                places.append((entry.id, name, string))
    hits = []
    for index, start, end in _search_strings(query, pattern, [p[2] for p in places]):
        entry_id, name, string = places[index]
        hits.append(Hit("glossary", "", "", None, name, entry_id, start, end, string))
    return hits


def search(
    query: Query,
    texts: Iterable[Text],
    glossary: Glossary | None = None,
    stores: dict[str, NoteStore] | None = None,
    indexes: dict[str, TextIndex] | None = None,
) -> list[Hit]:
    """Hits across texts, their notes and the glossary, grouped by kind then in text order."""
    query.pattern()
    hits: list[Hit] = []
    for text in texts:
        store = (stores or {}).get(text.id)
        hits.extend(search_text(text, query, store, (indexes or {}).get(text.id)))
    if glossary is not None:
        hits.extend(search_glossary(glossary, query))
    return ordered(hits)
