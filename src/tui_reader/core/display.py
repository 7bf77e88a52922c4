"""Arabic for the terminal: wrap, shape and reorder a segment into visual lines.

Terminals draw code points in the order they receive them, one cell each, without shaping or
reordering. So each line is sent already in visual order, with its letters in their joined
forms. The steps, per paragraph, follow UAX #9:

1. fold presentation forms to base letters and make control characters harmless;
2. resolve bidi levels over the *whole* paragraph and shape it, both in logical order;
3. break it into lines in logical order, measuring the shaped text in terminal cells;
4. reorder each line (rules L1-L4), keeping combining marks after their base letter.

Every drawn cluster keeps the span of the original text it came from, so a highlight given in
logical offsets lands on the right cells.

Why one module of this size: the steps share one paragraph's state (levels, clusters, the
cell map) and its fast paths are held to the full pipeline by tests over this module's
internals; split, each step would have to export that state.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, pairwise
from operator import itemgetter
from typing import NamedTuple

from bidi.mirror import MIRRORED

from tui_reader.core import fribidi
from tui_reader.core.bidi import MIRRORING, bidi_class, mirror, reorder, resolve_levels
from tui_reader.core.letters import (
    ALEF_FORMS,
    BASE_LETTER_RANGES,
    LAM,
    MARK_RANGES,
    PRESENTATION_FORM,
    TATWEEL,
    ZWJ,
    is_presentation_form,
)
from tui_reader.core.shaping import shape

_PARAGRAPH_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_WHITESPACE_CLASSES = frozenset(("WS", "S"))
# What a unit is on screen: not drawn at all, the base of a cluster, or part of the cluster
# before it (a combining mark, or the alef of a lam-alef ligature, which draws nothing).
_HIDDEN, _BASE, _ATTACHED = 0, 1, 2


def _displayable(char: str) -> tuple[str, str, bool]:
    """(what to draw, bidi class, drawn?) for one character of the text.

    Control characters are drawn as their visible Control Pictures (a text must not drive the
    terminal); format characters (joiners, bidi marks and controls) are never drawn.
    """
    code = ord(char)
    if char == "\t":
        return " ", "S", True
    if code < 0x20:
        return chr(0x2400 + code), "ON", True
    if code == 0x7F:
        return "\u2421", "ON", True
    if 0x80 <= code <= 0x9F or 0xD800 <= code <= 0xDFFF:
        return "\ufffd", "ON", True
    kind = bidi_class(char)
    if kind == "BN" or unicodedata.category(char) == "Cf":
        return "", kind, False
    return char, kind, True


class Cluster(NamedTuple):
    """One drawn piece of a visual line: a base character (shaped, maybe mirrored) followed by
    its combining marks, and the span of the original text it stands for. A named tuple: a
    line makes one per character, and a tuple is made several times faster than a frozen
    dataclass."""

    text: str
    start: int
    end: int
    width: int


class VisualLine:
    """A line ready for the terminal: clusters left to right, and the logical range it shows.

    `layout` makes its lines with the units they draw instead of their clusters: a line
    without highlights is drawn from its `text`, which is made without them (as `render`
    makes it), so a page of a book that is only read builds no cell map. The clusters are
    made when first asked for."""

    __slots__ = ("_clusters", "_text", "_units", "end", "start", "width")

    def __init__(
        self,
        clusters: tuple[Cluster, ...] | None,
        start: int,
        end: int,
        width: int,
        units: tuple[_Paragraph, int, int] | None = None,
    ) -> None:
        if clusters is None and units is None:
            raise ValueError("a visual line needs its clusters or its units")
        self._clusters = clusters
        self._units = units
        self._text: str | None = None
        self.start = start
        self.end = end
        self.width = width

    # Two threads may make a line at once (the reading view draws the page below in one):
    # each reads a field once, and the clusters are set before the units are let go, so
    # either may make what the other is making (the same), and neither finds a field gone.

    @property
    def clusters(self) -> tuple[Cluster, ...]:
        clusters = self._clusters
        if clusters is None:
            units = self._units
            if units is None:  # made meanwhile: the units go only once the clusters are set
                clusters = self._clusters
            else:
                clusters = self._clusters = _visual_line(*units).clusters
                self._units = None
        assert clusters is not None
        return clusters

    @property
    def text(self) -> str:
        text = self._text
        if text is None:
            units = self._units
            if units is not None:
                text = _visual_text(*units)[0]
            else:
                text = "".join(cluster.text for cluster in self.clusters)
            self._text = text
        return text

    def made(self) -> VisualLine:
        """The line with what drawing it asks for made now: its text, and the clusters of a
        line that `runs` cuts from them (one not all at its paragraph's level). For a line
        laid out ahead of being drawn, in a thread."""
        _ = self.text
        units = self._units
        if units is not None and not _plainly_uniform(*units):
            _ = self.clusters
        return self

    def _key(self) -> tuple[tuple[Cluster, ...], int, int, int]:
        return self.clusters, self.start, self.end, self.width

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VisualLine):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"VisualLine(clusters={self.clusters!r}, start={self.start}, end={self.end}, "
            f"width={self.width})"
        )

    def runs(self, cuts: Sequence[int]) -> list[tuple[str, int, int]]:
        """The line left to right in runs of whole clusters, each (text, start, end): the
        logical range [start, end) its clusters cover. No offset of `cuts` (sorted) falls
        inside a run's range, but inside that of a run of one cluster, which it splits.

        So that a line can be styled span by span (the reading view gives each cut at a
        span's edge): a line at its paragraph's level, as most are, is cut into runs from
        its units and its text, with no cluster made."""
        units = self._units
        if units is not None and _plainly_uniform(*units):
            return _uniform_runs(*units, cuts, self.text)
        runs = []
        place = None
        for text, start, end, _ in self.clusters:
            # Where the cluster lies among the cuts, or None when one falls inside it.
            at = bisect_right(cuts, start)
            here = at if at == len(cuts) or cuts[at] >= end else None
            if here is not None and here == place:
                last_text, last_start, last_end = runs[-1]
                runs[-1] = (last_text + text, min(last_start, start), max(last_end, end))
            else:
                runs.append((text, start, end))
            place = here
        return runs

    def offset_at(self, cell: int) -> int | None:
        """The logical offset drawn at `cell` (0 is the line's first cell), or None."""
        x = 0
        for cluster in self.clusters:
            if x <= cell < x + cluster.width:
                return cluster.start
            x += cluster.width
        return None

    def cells(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """Cell ranges [x0, x1) that draw any of the logical range [start, end), left to right."""
        x = 0
        run_start: int | None = None
        for cluster in self.clusters:
            inside = cluster.start < end and cluster.end > start
            if inside and run_start is None:
                run_start = x
            elif not inside and run_start is not None:
                yield run_start, x
                run_start = None
            x += cluster.width
        if run_start is not None:
            yield run_start, x


@dataclass(frozen=True, slots=True)
class _Paragraph:
    """A paragraph prepared for layout: one unit per folded character, in logical order."""

    offset: int
    origins: tuple[int, ...]
    drawn: tuple[str, ...]
    classes: tuple[str, ...]
    levels: tuple[int, ...]
    widths: tuple[int, ...]
    roles: tuple[int, ...]
    base_level: int
    marks: tuple[int, ...]
    """Units drawn on the cluster before them (combining marks), in order."""


_PICTOGRAPH = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21ff\u2300-\u23ff\u24c2\u25a0-\u27bf"
    "\u2900-\u297f\u2b00-\u2bff\u3030\u303d\u3297\u3299\U0001f000-\U0001faff"
)
"""Extended_Pictographic (UTS #51), near enough: what an emoji sequence is made of."""
_EMOJI_PART = f"[{_PICTOGRAPH}]\ufe0f?[\U0001f3fb-\U0001f3ff]?"


@lru_cache(maxsize=1)
def _emoji_sequences() -> re.Pattern[str]:
    """Emoji that stand for one picture: joined by ZWJ (a family, a rainbow flag) or with a
    skin tone. Reversed one by one in a right-to-left line, a family comes out children first.
    (A flag's regional indicators are left-to-right letters: no line reverses them.)
    Compiled at the first paragraph that needs it: at import, it was the costliest
    expression of `render`, which draws most paragraphs through FriBidi."""
    return re.compile(
        f"{_EMOJI_PART}(?:{ZWJ}{_EMOJI_PART})+|[{_PICTOGRAPH}]\ufe0f?[\U0001f3fb-\U0001f3ff]"
    )


def _cell_size(char: str) -> int:
    """Cells of one character, as Rich (and so Textual) counts them. Rich is imported at the
    first width asked for, not with this module: `render` through GNU FriBidi asks for none,
    and importing Rich took a twentieth of that command."""
    from rich.cells import get_character_cell_size

    return get_character_cell_size(char)


class _Looks(dict[str, tuple[str, str, bool]]):
    """`_displayable` by character, filled as characters are met: a dict lookup per
    character, not a function call. Everything that draws a text asks it, not the
    function."""

    def __missing__(self, char: str) -> tuple[str, str, bool]:
        look = self[char] = _displayable(char)
        return look


class _Cells(dict[str, int]):
    """Cells of a drawn form, filled as forms are met."""

    def __missing__(self, form: str) -> int:
        cells = self[form] = _cell_size(form) if form else 0
        return cells


_LOOKS = _Looks()
_CELLS = _Cells()


@lru_cache(maxsize=4096)
def _prepare(
    paragraph: str, offset: int, rtl: bool, visual: bool, after_arabic: bool = False
) -> _Paragraph:
    folded = paragraph
    if PRESENTATION_FORM.search(paragraph) is None:
        chars: list[str] = list(paragraph)
        origins = list(range(offset, offset + len(paragraph)))
    else:
        origins = []
        chars = []
        for index, char in enumerate(paragraph):
            if is_presentation_form(char):
                for folded in unicodedata.normalize("NFKC", char):
                    origins.append(offset + index)
                    chars.append(folded)
            else:
                origins.append(offset + index)
                chars.append(char)
        folded = "".join(chars)
    looks = list(map(_LOOKS.__getitem__, chars))
    classes = list(map(itemgetter(1), looks))
    all_drawn = False not in map(itemgetter(2), looks)
    if all_drawn:
        shown = list(map(itemgetter(0), looks))
    else:
        shown = [look[0] if look[2] else char for char, look in zip(chars, looks, strict=True)]
    if visual:
        levels = resolve_levels(chars, classes, rtl, after_arabic)
        shaped = shape(shown)
    else:
        # A terminal that does bidi itself gets logical text, unshaped, all at one level.
        levels = [0] * len(chars)
        shaped = shown
    if all_drawn:
        # Every unit drawn, as in most paragraphs: only those that take no cell (marks, the
        # alef of a lam-alef) need a look, to ride on the one before at the same level.
        drawn = shaped
        widths = list(map(_CELLS.__getitem__, shaped))
        roles = [_BASE] * len(widths)
        if 0 in widths:
            for i in [i for i, width in enumerate(widths) if not width]:
                if i and levels[i - 1] == levels[i]:
                    roles[i] = _ATTACHED
    else:
        drawn, widths, roles = [], [], []
        last_shown = -1
        for i, (look, form) in enumerate(zip(looks, shaped, strict=True)):
            if not look[2]:
                drawn.append("")
                widths.append(0)
                roles.append(_HIDDEN)
                continue
            width = _CELLS[form]
            rides = width == 0 and last_shown >= 0 and levels[last_shown] == levels[i]
            drawn.append(form)
            widths.append(width)
            roles.append(_ATTACHED if rides else _BASE)
            last_shown = i
    if visual:
        for found in _emoji_sequences().finditer(folded):
            # One cluster, its parts in their own order, its width on its first part. The
            # joiners stay out of it: terminals that do not join would draw them, and Rich
            # would measure the sequence as one emoji, two cells, whatever the terminal does.
            # The joiners ride along undrawn, so that a line breaks nowhere inside.
            first = found.start()
            for i in range(first + 1, found.end()):
                roles[i] = _ATTACHED
                widths[first] += widths[i]
                widths[i] = 0
    return _Paragraph(
        offset=offset,
        origins=tuple(origins),
        drawn=tuple(drawn),
        classes=tuple(classes),
        levels=tuple(levels),
        widths=tuple(widths),
        roles=tuple(roles),
        base_level=1 if rtl else 0,
        marks=tuple(i for i, role in enumerate(roles) if role == _ATTACHED and drawn[i])
        if _ATTACHED in roles
        else (),
    )


def _line_breaks(paragraph: _Paragraph, width: int) -> list[tuple[int, int]]:
    """Greedy breaking at white space, in logical order: (start, end) unit ranges of each line,
    trailing white space left out. Only a word wider than the line is split, between clusters."""
    classes, widths, roles = paragraph.classes, paragraph.widths, paragraph.roles
    count = len(classes)
    lines: list[tuple[int, int]] = []
    line_start = line_end = line_width = 0
    i = 0
    while i < count:
        space_start, space_width = i, 0
        while i < count and classes[i] in _WHITESPACE_CLASSES:
            space_width += widths[i]
            i += 1
        word_start, word_width = i, 0
        while i < count and classes[i] not in _WHITESPACE_CLASSES:
            word_width += widths[i]
            i += 1
        if word_start == i:
            break
        if line_end > line_start:
            if line_width + space_width + word_width <= width:
                line_end, line_width = i, line_width + space_width + word_width
                continue
            lines.append((line_start, line_end))
            piece_start, piece_width = word_start, word_width
        else:
            # White space that opens the paragraph is part of its first line.
            piece_start, piece_width = space_start, space_width + word_width
        if piece_width > width:
            piece_width = 0
            for cut in range(piece_start, i):
                if (
                    piece_width + widths[cut] > width
                    and roles[cut] != _ATTACHED
                    and cut > piece_start
                ):
                    lines.append((piece_start, cut))
                    piece_start, piece_width = cut, 0
                piece_width += widths[cut]
        line_start, line_end, line_width = piece_start, i, piece_width
    if line_end > line_start or not lines:
        lines.append((line_start, line_end))
    return lines


def _pieces(paragraph: _Paragraph, start: int, end: int) -> tuple[list[list[int]], list[int]]:
    """The drawn clusters of a line (unit indexes, logical order) and their levels after
    rule L1."""
    levels = list(paragraph.levels[start:end])
    classes = paragraph.classes
    # L1: white space before a tab or at the end of the line goes back to the paragraph level.
    trailing = True
    for i in range(end - 1, start - 1, -1):
        kind = classes[i]
        if kind == "S":
            levels[i - start] = paragraph.base_level
            trailing = True
        elif kind == "WS" and trailing:
            levels[i - start] = paragraph.base_level
        elif kind != "BN":
            trailing = False

    pieces: list[list[int]] = []
    piece_levels: list[int] = []
    for i in range(start, end):
        role = paragraph.roles[i]
        if role == _HIDDEN:
            continue
        # A mark rides on the cluster before it unless rule L1 just moved that one (white
        # space before a tab or at the line's end goes to the paragraph level; the mark stays).
        if role == _ATTACHED and pieces and piece_levels[-1] == levels[i - start]:
            pieces[-1].append(i)
        else:
            pieces.append([i])
            piece_levels.append(levels[i - start])
    return pieces, piece_levels


def _visual_line(paragraph: _Paragraph, start: int, end: int) -> VisualLine:
    levels = paragraph.levels[start:end]
    if levels.count(paragraph.base_level) == len(levels):
        return _uniform_line(paragraph, start, end)
    return _reordered_line(paragraph, start, end)


def _reordered_line(paragraph: _Paragraph, start: int, end: int) -> VisualLine:
    """A line by rules L1 and L2, whatever its levels."""
    drawn, widths, origins = paragraph.drawn, paragraph.widths, paragraph.origins
    pieces, piece_levels = _pieces(paragraph, start, end)
    clusters: list[Cluster] = []
    total = 0
    for index in reorder(piece_levels):
        units = pieces[index]
        first = units[0]
        odd = piece_levels[index] % 2
        glyph = mirror(drawn[first]) if odd else drawn[first]
        if len(units) == 1:
            width = widths[first]
            clusters.append(Cluster(glyph, origins[first], origins[first] + 1, width))
        else:
            # Rule L4 mirrors every character at an odd level: the parts of an emoji sequence
            # too (marks have no mirror).
            rest = "".join(drawn[unit] for unit in units[1:])
            text = glyph + (rest.translate(MIRRORING) if odd else rest)
            width = sum(widths[unit] for unit in units)
            clusters.append(Cluster(text, origins[first], origins[units[-1]] + 1, width))
        total += width
    line_start = origins[start] if start < len(origins) else paragraph.offset
    line_end = origins[end - 1] + 1 if end > start else line_start
    return VisualLine(tuple(clusters), line_start, line_end, total)


def _uniform_line(paragraph: _Paragraph, start: int, end: int) -> VisualLine:
    """`_visual_line` for a line all at the paragraph's level, as most lines of prose are:
    rule L1 changes nothing, and the clusters are in logical order, or reversed with their
    first glyph mirrored."""
    drawn, widths, origins, roles = (
        paragraph.drawn,
        paragraph.widths,
        paragraph.origins,
        paragraph.roles,
    )
    odd = paragraph.base_level % 2
    clusters: list[Cluster] = []
    for i in range(start, end):
        role = roles[i]
        if role == _HIDDEN:
            continue
        if role == _ATTACHED and clusters:
            last = clusters[-1]
            part = MIRRORED.get(drawn[i], drawn[i]) if odd else drawn[i]
            clusters[-1] = Cluster(
                last.text + part, last.start, origins[i] + 1, last.width + widths[i]
            )
        else:
            glyph = MIRRORED.get(drawn[i], drawn[i]) if odd else drawn[i]
            clusters.append(Cluster(glyph, origins[i], origins[i] + 1, widths[i]))
    if odd:
        clusters.reverse()
    line_start = origins[start] if start < len(origins) else paragraph.offset
    line_end = origins[end - 1] + 1 if end > start else line_start
    return VisualLine(tuple(clusters), line_start, line_end, sum(widths[start:end]))


def _plainly_uniform(paragraph: _Paragraph, start: int, end: int) -> bool:
    """Whether a line is all at the paragraph's level, with no hidden unit and not opening
    with a riding one: the lines `_uniform_runs` knows."""
    levels = paragraph.levels[start:end]
    roles = paragraph.roles
    return not (
        start == end
        or levels.count(paragraph.base_level) != len(levels)
        or roles[start] == _ATTACHED
        or _HIDDEN in roles[start:end]
    )


def _uniform_runs(
    paragraph: _Paragraph, start: int, end: int, cuts: Sequence[int], text: str
) -> list[tuple[str, int, int]]:
    """`VisualLine.runs` of a line that is `_plainly_uniform`, its `text` given.

    Such a line's clusters are its units in logical order, each riding unit joined to the
    one before, drawn in that order or reversed. So each cut is a unit, found by bisection
    in the units' origins (or, inside a cluster, the cluster's two ends), and a run's text
    is a slice of the line's, found from how many characters each unit draws."""
    roles = paragraph.roles
    origins = paragraph.origins
    edges = {start, end}
    for cut in cuts:
        unit = bisect_left(origins, cut, start, end)
        if unit < end and roles[unit] == _ATTACHED:
            first = unit - 1
            while roles[first] == _ATTACHED:
                first -= 1
            edges.add(first)
            unit += 1
            while unit < end and roles[unit] == _ATTACHED:
                unit += 1
        edges.add(unit)
    bounds = sorted(edges)
    before = list(accumulate(map(len, paragraph.drawn[start:end]), initial=0))
    runs = []
    if paragraph.base_level % 2:
        total = len(text)
        for left, right in pairwise(bounds):
            part = text[total - before[right - start] : total - before[left - start]]
            runs.append((part, origins[left], origins[right - 1] + 1))
        runs.reverse()
    else:
        for left, right in pairwise(bounds):
            part = text[before[left - start] : before[right - start]]
            runs.append((part, origins[left], origins[right - 1] + 1))
    return runs


def _visual_text(paragraph: _Paragraph, start: int, end: int) -> tuple[str, int]:
    """`_visual_line(...).text` and its width, without the cell map: for `render`, which
    prints lines and highlights nothing."""
    width = sum(paragraph.widths[start:end])
    levels = paragraph.levels[start:end]
    base = paragraph.base_level
    if levels.count(base) == len(levels):
        # The whole line at the paragraph's level, as most lines of prose are: rule L1
        # changes nothing, and the line is its characters in order or reversed (mirrored),
        # when no mark must stay after its letter.
        if not base:
            return "".join(paragraph.drawn[start:end]), width
        marks = paragraph.marks
        at = bisect_left(marks, start)
        if at == len(marks) or marks[at] >= end:
            return "".join(paragraph.drawn[start:end])[::-1].translate(MIRRORING), width
        # Reversed, each mark first joined to the letter it rides on (the unit before it
        # that is neither hidden nor riding), so that it stays after it. Marks are not
        # mirrored characters: the whole line can be translated.
        parts = list(paragraph.drawn[start:end])
        roles = paragraph.roles
        for mark in marks[at : bisect_left(marks, end, at)]:
            base = mark - 1
            while base >= start and roles[base] != _BASE:
                base -= 1
            if base >= start:
                parts[base - start] += parts[mark - start]
                parts[mark - start] = ""
        return "".join(reversed(parts)).translate(MIRRORING), width
    pieces, piece_levels = _pieces(paragraph, start, end)
    drawn = paragraph.drawn
    ordered: list[str] = []
    for index in reorder(piece_levels):
        cluster = "".join(drawn[unit] for unit in pieces[index])
        ordered.append(cluster.translate(MIRRORING) if piece_levels[index] % 2 else cluster)
    return "".join(ordered), width


_LAM_ALEF = re.compile(f"{LAM}[{ALEF_FORMS}]")


@lru_cache(maxsize=8192)
def _cells(char: str) -> tuple[int, bool]:
    """(cells, is white space) of one character as `_prepare` draws it, presentation forms
    folded (a lam-alef pair they fold to is counted by `_word_width`)."""
    if is_presentation_form(char):
        folded = unicodedata.normalize("NFKC", char)
        if folded != char:
            return sum(_cells(part)[0] for part in folded), False
    look, kind, drawn = _LOOKS[char]
    return (_cell_size(look) if drawn else 0), kind in _WHITESPACE_CLASSES


class _Widths(dict[int, str]):
    """For `str.translate`: each character as many times as it takes cells, so that the
    length of a translated word is its cells, counted at C speed."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        cells = self[code] = char * _cells(char)[0]
        return cells


_WIDTHS = _Widths()


@lru_cache(maxsize=4096)
def _word_width(word: str) -> int:
    """A word's cells as `_prepare` draws it. Kept for the commonest words only: a book
    has tens of thousands, and counting one is quick."""
    if PRESENTATION_FORM.search(word) is None:
        return len(word.translate(_WIDTHS)) - len(_LAM_ALEF.findall(word))
    folded = "".join(
        unicodedata.normalize("NFKC", char) if is_presentation_form(char) else char for char in word
    )
    return sum(_cells(char)[0] for char in word) - len(_LAM_ALEF.findall(folded))


@lru_cache(maxsize=1)
def _tokens() -> re.Pattern[str]:
    """(white space, word) pairs, white space being exactly what `_line_breaks` breaks at:
    the characters of bidi class WS or S (paragraph breaks are split off before)."""
    # `_displayable` keeps the class of every character but the controls it draws as
    # pictures (of class ON); asking it about all 65,536 would cost 30 ms at every start.
    bidirectional = unicodedata.bidirectional
    spaces = "".join(
        re.escape(chr(code))
        for code in range(0xFFFF + 1)
        if bidirectional(chr(code)) in _WHITESPACE_CLASSES
        and _displayable(chr(code))[1] in _WHITESPACE_CLASSES
        and not _PARAGRAPH_BREAK.match(chr(code))
    )
    return re.compile(f"([{spaces}]*)([^{spaces}]*)")


@lru_cache(maxsize=1024)
def _space_width(spaces: str) -> int:
    return sum(_cells(char)[0] for char in spaces)


def line_count(text: str, width: int) -> int:
    """How many lines `layout(text, width)` gives, without shaping or reordering anything:
    a screen needs the height of every segment, but the lines of only those it shows."""
    width = max(width, 1)
    total = 0
    for offset, paragraph in bidi_paragraphs(text):
        count = _paragraph_line_count(paragraph, width)
        if count is None:
            count = len(_line_breaks(_prepare(paragraph, offset, True, True), width))
        total += count
    return total


@lru_cache(maxsize=1)
def _spaced_forms() -> re.Pattern[str]:
    """Presentation forms that stand for several words or a space and a mark (ﷺ is صلى
    الله عليه وسلم, ﹰ a space and a tanween): the line can break inside them, so the
    word-by-word paths leave a paragraph with one to the full pipeline."""
    spaced = [
        chr(code)
        for code in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)]
        if any(
            _displayable(part)[1] in _WHITESPACE_CLASSES
            for part in unicodedata.normalize("NFKC", chr(code))
        )
    ]
    return re.compile("[" + "".join(spaced) + "]")


def _paragraph_line_count(paragraph: str, width: int) -> int | None:
    """Greedy breaking as `_line_breaks` does it, word by word; None when a word is wider
    than the line (only the full breaking knows where such a word splits)."""
    words = _words(paragraph)
    if words is None:
        return None
    breaks = _greedy([(_space_width(spaces), _word_width(word)) for spaces, word in words], width)
    return None if breaks is None else max(len(breaks), 1)


def _words(paragraph: str) -> list[tuple[str, str]] | None:
    """(white space before, word) of each word, or None for a paragraph that a line may
    break inside a character of (see `_spaced_forms`)."""
    if _spaced_forms().search(paragraph):
        return None
    words = []
    for found in _tokens().finditer(paragraph):
        if not found.group(2):
            break
        words.append((found.group(1), found.group(2)))
    return words


def _greedy(pieces: list[tuple[int, int]], width: int) -> list[int] | None:
    """Greedy breaking of (white space, word) widths as `_line_breaks` does it: the index of
    each line's first word; None when a word (the first with the white space that opens the
    paragraph) is wider than the line."""
    starts: list[int] = []
    line_width = 0
    for index, (space_width, word_width) in enumerate(pieces):
        if starts and line_width + space_width + word_width <= width:
            line_width += space_width + word_width
            continue
        piece = word_width + (0 if starts else space_width)
        if piece > width:
            return None
        starts.append(index)
        line_width = piece
    return starts


def visible(text: str) -> str:
    """A string made safe for a plain label, in logical order: control characters as their
    visible symbols, line breaks as spaces, format characters (bidi controls, joiners)
    removed. For text that a widget draws as it is, not through `layout`."""
    flat = _PARAGRAPH_BREAK.sub(" ", text)
    return "".join(look[0] for look in map(_LOOKS.__getitem__, flat) if look[2])


def bidi_paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """The bidi paragraphs of a text, with their offsets: each is laid out on its own."""
    # Every paragraph separator is unprintable, and a text without one (nearly every
    # segment) is told by one pass at C speed, several times faster than the search.
    if text.isprintable():
        yield 0, text
        return
    position = 0
    for found in _PARAGRAPH_BREAK.finditer(text):
        yield position, text[position : found.start()]
        position = found.end()
    yield position, text[position:]


def layout(text: str, width: int, rtl: bool = True, visual: bool = True) -> list[VisualLine]:
    """The visual lines of `text` at `width` cells, each at most `width` wide (unless a single
    character is wider), in display order from top to bottom. Not padded: a right-to-left
    pane right-aligns them.

    With `visual` false the lines stay in logical order and unshaped, for terminals that do
    bidi themselves; they are still wrapped and cleaned of control characters.
    """
    width = max(width, 1)
    lines: list[VisualLine] = []
    for offset, paragraph in bidi_paragraphs(text):
        prepared = _prepare(paragraph, offset, rtl, visual)
        origins, widths = prepared.origins, prepared.widths
        for start, end in _line_breaks(prepared, width):
            line_start = origins[start] if start < len(origins) else offset
            line_end = origins[end - 1] + 1 if end > start else line_start
            cells = sum(widths[start:end])
            lines.append(VisualLine(None, line_start, line_end, cells, (prepared, start, end)))
    return lines


def render_lines(text: str, width: int, rtl: bool = True, visual: bool = True) -> list[str]:
    """The lines as strings; visual right-to-left lines are right-aligned to `width`."""
    return render_texts([text], width, rtl, visual)[0]


def render_texts(
    texts: Sequence[str], width: int, rtl: bool = True, visual: bool = True
) -> list[list[str]]:
    """`render_lines` of each text. The paragraphs that GNU FriBidi's library draws go to it
    all together (see `fribidi.Paragraphs`): a book's segments are drawn in one batch."""
    width = max(width, 1)
    found = [list(bidi_paragraphs(text)) for text in texts]
    every = [paragraph for paragraphs in found for _, paragraph in paragraphs]
    fast = iter(_render_by_fribidi(every, width, rtl) if visual else [None] * len(every))
    rendered: list[list[str]] = []
    for paragraphs in found:
        lines: list[str] = []
        for offset, paragraph in paragraphs:
            drawn = next(fast)
            lines.extend(
                drawn if drawn is not None else _render(paragraph, offset, width, rtl, visual)
            )
        rendered.append(lines)
    return rendered


def _render(paragraph: str, offset: int, width: int, rtl: bool, visual: bool) -> list[str]:
    """`render_lines` of one paragraph without FriBidi's library."""
    if rtl and visual:
        by_words = _render_by_words(paragraph, width)
        if by_words is not None:
            return by_words
    prepared = _prepare(paragraph, offset, rtl, visual)
    rendered: list[str] = []
    for start, end in _line_breaks(prepared, width):
        line, cells = _visual_text(prepared, start, end)
        pad = width - cells if rtl and visual else 0
        rendered.append(" " * max(pad, 0) + line)
    return rendered


def _render_by_words(paragraph: str, width: int) -> list[str] | None:
    """`render_lines` of a right-to-left paragraph with no left-to-right letter, word by word,
    or None for any other (the full pipeline then draws it).

    In such a paragraph everything is at level 1 but numbers, at 2, and a number never
    reaches past its word: so each word is drawn on its own (and kept: a book repeats its
    words) and the line is its words in reverse order. A word's numbers depend on whether
    an Arabic letter came before it (rule W2), which is part of the key.
    """
    words = _words(paragraph)
    if not words:
        return None
    faces: list[tuple[str, int, str, int]] = []
    after_arabic = False
    for spaces, word in words:
        face = _word_face(word, after_arabic)
        if face is None:
            return None
        drawn, word_width, last_strong = face
        if last_strong is not None:
            after_arabic = last_strong == "AL"
        faces.append((*_space_face(spaces), drawn, word_width))
    starts = _greedy([(space_width, word_width) for _, space_width, _, word_width in faces], width)
    if starts is None:
        return None
    lines = []
    for number, first in enumerate(starts):
        last = starts[number + 1] if number + 1 < len(starts) else len(faces)
        # A line's white space is what stands between its words, and what opens the paragraph.
        parts = [faces[first][0]] if first == 0 else []
        line_width = faces[first][1] if first == 0 else 0
        for index in range(first, last):
            if index > first:
                parts.append(faces[index][0])
                line_width += faces[index][1]
            parts.append(faces[index][2])
            line_width += faces[index][3]
        lines.append(" " * (width - line_width) + "".join(reversed(parts)))
    return lines


@lru_cache(maxsize=1 << 16)
def _word_face(word: str, after_arabic: bool) -> tuple[str, int, str | None] | None:
    """(drawn, cells, last strong class) of a word of a right-to-left paragraph, or None when
    it has a left-to-right letter or starts with a mark (which would ride on the space before
    it). Not through `_prepare`'s cache, which is for paragraphs."""
    prepared = _prepare.__wrapped__(word, 0, True, True, after_arabic)
    if "L" in prepared.classes:
        return None
    shown = [i for i, role in enumerate(prepared.roles) if role != _HIDDEN]
    if shown and prepared.widths[shown[0]] == 0:
        return None
    drawn, cells = _visual_text(prepared, 0, len(prepared.roles))
    last_strong = next((kind for kind in reversed(prepared.classes) if kind in ("AL", "R")), None)
    return drawn, cells, last_strong


@lru_cache(maxsize=1024)
def _space_face(spaces: str) -> tuple[str, int]:
    """White space as drawn in a right-to-left line (reversed), and its cells."""
    return "".join(_LOOKS[char][0] for char in reversed(spaces)), _space_width(spaces)


_SAFE_PUNCTUATION = " -~\u00ab\u00bb\u060c\u061b\u061f\u0660-\u066d\u2013\u2014\u2018-\u201d\u2026"
_SAFE_MARK_RANGES = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06de-\u06ed"
"""The marks but U+06DD END OF AYAH, a format character, which `layout` hides and FriBidi
draws."""
# What `fribidi_safe` refuses, in one search: a character that is neither a letter nor safe
# punctuation (so every mark too), unless it is a safe mark on a letter, tatweel or mark. The
# search skips at C speed to the next such character; marks are few.
_NOT_FRIBIDI_SAFE = re.compile(
    f"[^{BASE_LETTER_RANGES}{TATWEEL}{_SAFE_PUNCTUATION}]"
    f"(?<![{BASE_LETTER_RANGES}{TATWEEL}{MARK_RANGES}][{_SAFE_MARK_RANGES}])"
)


def fribidi_safe(paragraph: str) -> bool:
    """Whether GNU FriBidi draws `paragraph` exactly as `layout` does (`test_fast_paths` holds
    them to it): Arabic letters with their marks, Latin, digits, punctuation, and no white
    space but the space. Everything else (controls, bidi controls, joiners, tabs, a mark on a
    space or a bracket or opening the paragraph, emoji, characters whose Unicode data FriBidi
    1.0 and Python disagree on) is drawn by the pure pipeline.

    One search for what is not allowed, at C speed: a regular expression of what is allowed,
    matched whole, took a fifth of the time of `render` of a book."""
    return _NOT_FRIBIDI_SAFE.search(paragraph) is None


@lru_cache(maxsize=1)
def _fribidi_cleanup() -> tuple[tuple[str, str], ...]:
    """What to replace in FriBidi's lines to draw them as `layout` does: no filler after a
    lam-alef, and letters that join nothing (hamza) in the isolated form that `shape` writes,
    where FriBidi leaves them as they are. Read from Unicode's decompositions, not from
    arabic-reshaper's table, which `render` through FriBidi would otherwise import for this
    alone (a test holds each to the other)."""
    from tui_reader.core.shaping import NONE, joining_type

    cleanup = [(fribidi.FILLER, "")]
    for form in map(chr, range(0xFE70, 0xFF00)):
        kind, _, code = unicodedata.decomposition(form).partition(" ")
        if kind != "<isolated>" or " " in code:
            continue
        letter = chr(int(code, 16))
        if joining_type(letter) == NONE and fribidi_safe(letter):
            cleanup.append((letter, form))
    return tuple(cleanup)


def _render_by_fribidi(
    paragraphs: Sequence[str], width: int, rtl: bool
) -> Sequence[Sequence[str] | None]:
    """`render_lines` of each paragraph through GNU FriBidi's library, or None for one that
    is not known to be drawn by FriBidi as `layout` draws it (and for all without the
    library). A paragraph repeated is checked and drawn once."""
    if not fribidi.available():
        return [None] * len(paragraphs)
    if len(paragraphs) == 1:
        return [_fribidi_paragraph(paragraphs[0], width, rtl)]
    ready: dict[str, int] = {}
    seen: dict[str, int] = {}
    which = []
    for paragraph in paragraphs:
        number = seen.get(paragraph)
        if number is None:
            folded = _fribidi_ready(paragraph)
            number = -1 if folded is None else ready.setdefault(folded, len(ready))
            seen[paragraph] = number
        which.append(number)
    drawn: list[list[str] | None] = []
    batch: list[str] = []
    size = 0
    for paragraph in ready:
        if batch and size + len(paragraph) > FRIBIDI_BATCH:
            drawn += _fribidi_lines(batch, width, rtl)
            batch, size = [], 0
        batch.append(paragraph)
        size += len(paragraph)
    if batch:
        drawn += _fribidi_lines(batch, width, rtl)
    return [None if index < 0 else drawn[index] for index in which]


@lru_cache(maxsize=4096)
def _fribidi_paragraph(paragraph: str, width: int, rtl: bool) -> tuple[str, ...] | None:
    """A paragraph drawn alone (`render_lines` of one text), kept like `_prepare`'s: a caller
    drawing a text paragraph by paragraph draws a repeated one once."""
    folded = _fribidi_ready(paragraph)
    if folded is None:
        return None
    drawn = _fribidi_lines([folded], width, rtl)[0]
    return None if drawn is None else tuple(drawn)


FRIBIDI_BATCH = 1 << 16
"""The characters handed to FriBidi's library at once, in whole paragraphs (some sixty of a
book's): enough that the conversions and calls made once a batch cost nothing beside
FriBidi's own work, and no more, so that each batch reuses the memory that the one before
took for FriBidi's arrays (14 bytes a character) and the copies. A whole book in one batch
had the system give `render` 8 MB more of fresh pages: a quarter of its system time."""


def _fribidi_ready(paragraph: str) -> str | None:
    """The paragraph as FriBidi is to draw it (presentation forms folded), or None when it
    is not one FriBidi draws as `layout` does, or has no word."""
    if not fribidi_safe(paragraph):
        # Presentation forms are not safe: folded, the paragraph may be.
        if PRESENTATION_FORM.search(paragraph) is None:
            return None
        paragraph = PRESENTATION_FORM.sub(_folded, paragraph)
        if not fribidi_safe(paragraph):
            return None
    if paragraph.count("(") + paragraph.count("[") + paragraph.count("{") > 60:
        return None
    if _NOT_SPACE.search(paragraph) is None:
        return None
    return paragraph


def _fribidi_lines(paragraphs: list[str], width: int, rtl: bool) -> list[list[str] | None]:
    """The lines of each paragraph of `_fribidi_ready`, drawn by FriBidi in one batch; None
    for one with a word wider than the line (only `_line_breaks` splits it)."""
    batch = fribidi.Paragraphs(paragraphs, rtl)
    zero_width = batch.zero_width
    ranges: list[tuple[int, int]] = []
    widths: list[int] = []
    counts: list[int] = []
    for paragraph, first, resolved in zip(paragraphs, batch.starts, batch.resolved, strict=True):
        breaks = None
        if resolved:
            breaks = _spaced_breaks(paragraph, width, zero_width[first : first + len(paragraph)])
        if breaks is None:
            counts.append(-1)
            continue
        lines, cells = breaks
        ranges.extend((first + start, first + end) for start, end in lines)
        widths.extend(cells)
        counts.append(len(lines))
    drawn = batch.lines(ranges)
    if drawn is None:
        return [None] * len(paragraphs)
    # Once over all the lines rather than line by line: no line holds a newline.
    joined = "\n".join(drawn)
    for old, new in _fribidi_cleanup():
        joined = joined.replace(old, new)
    drawn = joined.split("\n") if drawn else []
    if rtl:
        drawn = [" " * (width - used) + line for line, used in zip(drawn, widths, strict=True)]
    found: list[list[str] | None] = []
    at = 0
    for count in counts:
        if count < 0:
            found.append(None)
            continue
        found.append(drawn[at : at + count])
        at += count
    return found


def _spaced_breaks(
    paragraph: str, width: int, zero_width: bytes
) -> tuple[list[tuple[int, int]], list[int]] | None:
    """Greedy breaking as `_line_breaks` does it, of a paragraph of `fribidi_safe` characters,
    where every character takes one cell but those that `zero_width` marks with 1 (marks, and
    one of the two letters of a lam-alef): (start, end) of each line and its cells, or None
    when a word is wider than the line. White space that opens the paragraph is part of its
    first line; the spaces where a line breaks are in none.

    Line by line, not word by word: a line's end is where `width` cells end, found by
    counting the characters that take none, then moved back to a space."""
    count = len(paragraph)
    ranges: list[tuple[int, int]] = []
    widths: list[int] = []
    start = 0
    while True:
        # The furthest end with `width` cells: each character that takes none lets one more in,
        # and only those let in last are counted again.
        end = start + width
        missing = zero_width.count(1, start, end)
        while missing and end < count:
            end, missing = end + missing, zero_width.count(1, end, end + missing)
        while end < count and zero_width[end]:
            end += 1
        if end >= count:
            stop = len(paragraph.rstrip(" "))
        elif paragraph[end] == " ":
            stop = end
        else:
            stop = paragraph.rfind(" ", start, end)
        if stop > start and paragraph[stop - 1] == " ":
            stop = len(paragraph[:stop].rstrip(" "))
        if stop <= start:
            return None  # a word wider than the line: only `_line_breaks` splits it
        ranges.append((start, stop))
        widths.append(stop - start - zero_width.count(1, start, stop))
        start = stop + 1
        if start >= count or paragraph[start] == " ":
            found = _NOT_SPACE.search(paragraph, stop)
            if found is None:
                return ranges, widths
            start = found.start()


_NOT_SPACE = re.compile("[^ ]")


def _folded(found: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", found.group())
