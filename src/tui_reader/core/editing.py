"""Editing Arabic: where a logical cursor and selection stand on the lines the display draws.

An input or an editor keeps its value in logical order, as Textual does; this module says
how that value looks on screen and where a cursor goes, through the same pipeline as the
reader (`display`): shaped, wrapped in logical order, each line reordered. Nothing here knows
of Textual, so the CLI and tests can ask it too.

Positions on a row are *gaps* between cells, 0 being the left edge of the row's field. A
cursor at logical offset `o` stands at the trailing edge of the character before it (so at a
direction boundary it shows at the end of the run being typed), or at the leading edge of the
character after it at the start of a row. A terminal draws it as a block on the cell where the
next character appears: right of the gap in a left-to-right paragraph, left of it in a
right-to-left one.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal, NamedTuple

from rich.cells import cell_len

from tui_reader.core.bidi import bidi_class, mirror
from tui_reader.core.display import (
    Cluster,
    _line_breaks,
    _pieces,
    _prepare,
    _visual_line,
    bidi_paragraphs,
    visible,
)
from tui_reader.core.letters import is_mark, is_presentation_form

Direction = Literal["auto", "rtl", "ltr"]
DIRECTIONS: tuple[Direction, ...] = ("auto", "rtl", "ltr")

UNWRAPPED = 1 << 20
"""A wrap width no single-line input reaches."""

_WHITESPACE = frozenset(("WS", "S"))
_LEFT_TO_RIGHT = frozenset(("L", "EN", "AN"))
_NUMBER_PUNCTUATION = frozenset(("CS", "ES", "ET", "WS"))


def first_strong_rtl(text: str) -> bool | None:
    """Rules P2-P3 of UAX #9: True if the first strong character is right-to-left, False if
    left-to-right, None when there is none (digits and punctuation only)."""
    for char in text:
        kind = bidi_class(char)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return None


def is_rtl(text: str, direction: Direction = "auto", fallback: bool = False) -> bool:
    """The direction of a paragraph: forced, or from its first strong character."""
    if direction != "auto":
        return direction == "rtl"
    found = first_strong_rtl(text)
    return fallback if found is None else found


class Caret(NamedTuple):
    """Where a cursor is drawn: the row, the gap it stands at, and the cell a terminal's block
    cursor covers (one beside the gap, where the next character appears)."""

    row: int
    gap: int
    cell: int


@dataclass(frozen=True, slots=True)
class Row:
    """One drawn row of an edited text: clusters left to right (offsets into the whole text),
    whether each is drawn right to left, where the row starts in its field, and its
    paragraph's direction."""

    clusters: tuple[Cluster, ...]
    rtl: tuple[bool, ...]
    start: int
    end: int
    width: int
    indent: int
    base_rtl: bool

    @property
    def text(self) -> str:
        return "".join(cluster.text for cluster in self.clusters)

    def edges(self) -> list[int]:
        """The field position of the left edge of each cluster, and of the row's right end."""
        edges = [self.indent]
        for cluster in self.clusters:
            edges.append(edges[-1] + cluster.width)
        return edges


class EditLayout:
    """The rows of `text` as an input or an editor draws them, and the cursor on them.

    `width` is the wrap width (`UNWRAPPED` for a single line); `field` the cells the rows are
    aligned in (right-to-left rows to its right edge), at least one more than the widest row,
    so that a cursor after the last character has a cell. Each paragraph takes its direction
    from `direction`, or from its first strong character (`fallback` when it has none). With
    `visual` false (a terminal that does bidi itself) the rows stay logical and unshaped.
    """

    def __init__(
        self,
        text: str,
        width: int = UNWRAPPED,
        *,
        field: int = 0,
        direction: Direction = "auto",
        visual: bool = True,
        fallback: bool = False,
    ) -> None:
        self.text = text
        self.visual = visual
        pieces: list[tuple[tuple[Cluster, ...], tuple[bool, ...], int, int, int, bool]] = []
        for offset, paragraph in bidi_paragraphs(text):
            rtl = visual and is_rtl(paragraph, direction, fallback)
            pieces.extend(_paragraph_rows(paragraph, offset, max(width, 1), rtl, visual))
        self.field = max([field, *(piece[4] + 1 for piece in pieces)])
        self.rows = tuple(
            Row(
                clusters,
                directions,
                start,
                end,
                row_width,
                self.field - row_width if rtl else 0,
                rtl,
            )
            for clusters, directions, start, end, row_width, rtl in pieces
        )
        self._starts = [row.start for row in self.rows]

    def row_of(self, offset: int) -> int:
        """The row a cursor at `offset` is drawn on: at the end of a row cut inside a word, the
        next row's start; in white space the line was broken at, the row before."""
        return max(bisect_right(self._starts, offset) - 1, 0)

    def caret(self, offset: int) -> Caret:
        number = self.row_of(offset)
        gap, _ = self._gap(self.rows[number], offset)
        row = self.rows[number]
        return Caret(number, gap, gap if not row.base_rtl else gap - 1)

    def _gap(self, row: Row, offset: int) -> tuple[int, int]:
        """(gap, side) of a cursor on `row`: side 0 when it stands by the cluster on the left
        of the gap, 1 by the one on its right (two cursors can share a gap)."""
        edges = row.edges()
        index = _cluster_index(row)
        for char in range(min(offset, row.end) - 1, row.start - 1, -1):
            at = index.get(char)
            if at is not None:
                return (edges[at], 1) if row.rtl[at] else (edges[at + 1], 0)
        for char in range(max(offset, row.start), row.end):
            at = index.get(char)
            if at is not None:
                return (edges[at + 1], 0) if row.rtl[at] else (edges[at], 1)
        return (edges[-1], 0) if row.base_rtl else (edges[0], 1)

    def stops(self, number: int) -> list[int]:
        """The offsets a cursor can rest at on a row, left to right on screen: every offset but
        those inside a cluster (between a letter and its marks, or the two of a lam-alef)."""
        row = self.rows[number]
        inside = {
            offset for cluster in row.clusters for offset in range(cluster.start + 1, cluster.end)
        }
        offsets = [o for o in range(row.start, row.end + 1) if o not in inside]
        return sorted(offsets, key=lambda o: (*self._gap(row, o), o if not row.base_rtl else -o))

    def left(self, offset: int) -> int:
        """One step left on screen; off the row's left edge, on along the text to the next
        row (right to left) or the previous one (left to right)."""
        return self._step(offset, -1)

    def right(self, offset: int) -> int:
        return self._step(offset, +1)

    def _step(self, offset: int, step: int) -> int:
        number = self.row_of(offset)
        row = self.rows[number]
        stops = self.stops(number)
        key = (*self._gap(row, offset), offset if not row.base_rtl else -offset)
        keys = [(*self._gap(row, o), o if not row.base_rtl else -o) for o in stops]
        if step < 0:
            before = [o for o, k in zip(stops, keys, strict=True) if k < key]
            if before:
                return before[-1]
            onward = number + 1 if row.base_rtl else number - 1
        else:
            after = [o for o, k in zip(stops, keys, strict=True) if k > key]
            if after:
                return after[0]
            onward = number - 1 if row.base_rtl else number + 1
        if not 0 <= onward < len(self.rows):
            return offset
        # Off the edge: the next row in reading order, entered from the side the cursor left.
        landing = self.stops(onward)
        return landing[-1] if step < 0 else landing[0]

    def word_left(self, offset: int) -> int:
        """Left on screen over white space, then over a word."""
        return self._word(offset, -1)

    def word_right(self, offset: int) -> int:
        return self._word(offset, +1)

    def _word(self, offset: int, step: int) -> int:
        caret = self.caret(offset)
        row = self.rows[caret.row]
        cells = _cell_chars(row)
        gap = caret.gap
        for wanted_space in (True, False):
            while True:
                cell = gap - 1 if step < 0 else gap
                char = cells.get(cell)
                if char is None or (bidi_class(char) in _WHITESPACE) != wanted_space:
                    break
                gap += step
        if gap == caret.gap:
            return self._step(offset, step)
        return self.at_gap(caret.row, gap)

    def home(self, offset: int) -> int:
        """The start of the cursor's row in reading order."""
        return self.rows[self.row_of(offset)].start

    def end(self, offset: int) -> int:
        return self.rows[self.row_of(offset)].end

    def vertical(self, offset: int, rows: int, goal: int | None = None) -> int:
        """`rows` rows down (up if negative), at the cursor nearest the gap `goal` (by default
        where the cursor is)."""
        caret = self.caret(offset)
        target = caret.row + rows
        if target < 0:
            return 0
        if target >= len(self.rows):
            return len(self.text)
        return self.at_gap(target, caret.gap if goal is None else goal)

    def at_gap(self, number: int, gap: int) -> int:
        """The cursor on a row whose gap is nearest `gap`."""
        row = self.rows[number]
        return min(self.stops(number), key=lambda o: abs(self._gap(row, o)[0] - gap))

    def at_cell(self, number: int, cell: int) -> int:
        """The cursor a click on a cell puts: the one whose block covers that cell, or the
        nearest (a click past the text is its end)."""
        number = min(max(number, 0), len(self.rows) - 1)
        row = self.rows[number]
        return self.at_gap(number, cell + 1 if row.base_rtl else cell)

    def selection(self, start: int, end: int) -> list[list[tuple[int, int]]]:
        """For each row, the field cells [x0, x1) that draw any of the logical range."""
        start, end = sorted((start, end))
        ranges: list[list[tuple[int, int]]] = []
        for row in self.rows:
            spans: list[tuple[int, int]] = []
            edges = row.edges()
            for at, cluster in enumerate(row.clusters):
                if cluster.start < end and cluster.end > start:
                    if spans and spans[-1][1] == edges[at]:
                        spans[-1] = (spans[-1][0], edges[at + 1])
                    else:
                        spans.append((edges[at], edges[at + 1]))
            ranges.append(spans)
        return ranges


def _cluster_index(row: Row) -> dict[int, int]:
    return {
        offset: at
        for at, cluster in enumerate(row.clusters)
        for offset in range(cluster.start, cluster.end)
    }


def _cell_chars(row: Row) -> dict[int, str]:
    """The first character of what each field cell of a row draws."""
    cells: dict[int, str] = {}
    for x, cluster in zip(row.edges(), row.clusters, strict=False):
        for cell in range(x, x + cluster.width):
            cells[cell] = cluster.text[:1]
    return cells


def _paragraph_rows(
    paragraph: str, offset: int, width: int, rtl: bool, visual: bool
) -> list[tuple[tuple[Cluster, ...], tuple[bool, ...], int, int, int, bool]]:
    """The rows of one paragraph as `display.layout` draws it, with the direction of each
    cluster (its level after rule L1) and the paragraph's trailing white space, which the
    reader leaves out but an editor must show (it is where the cursor is after a space)."""
    prepared = _prepare(paragraph, 0, rtl, visual)
    breaks = _line_breaks(prepared, width)
    rows = []
    for number, (start, end) in enumerate(breaks):
        line = _visual_line(prepared, start, end)
        pieces, levels = _pieces(prepared, start, end)
        odd = {
            prepared.origins[units[0]]: level % 2 == 1
            for units, level in zip(pieces, levels, strict=True)
        }
        clusters = [
            Cluster(c.text, c.start + offset, c.end + offset, c.width) for c in line.clusters
        ]
        directions = [odd[c.start] for c in line.clusters]
        row_end = line.end + offset
        if number == len(breaks) - 1:
            tail_start = line.end
            tail = [
                Cluster(visible(char) or " ", at, at + 1, cell_len(visible(char) or " "))
                for at, char in enumerate(paragraph[tail_start:], start=offset + tail_start)
            ]
            if rtl:
                clusters[:0] = reversed(tail)
                directions[:0] = [True] * len(tail)
            else:
                clusters.extend(tail)
                directions.extend([False] * len(tail))
            row_end = offset + len(paragraph)
        rows.append(
            (
                tuple(clusters),
                tuple(directions),
                line.start + offset,
                row_end,
                sum(c.width for c in clusters),
                rtl,
            )
        )
    return rows


def _joins(char: str) -> tuple[bool, bool] | None:
    """(joins the letter before it, joins the letter after it) in reading order, for an
    Arabic presentation form; None for any other character."""
    if not is_presentation_form(char):
        return None
    tag = unicodedata.decomposition(char).split(" ", 1)[0]
    return {
        "<isolated>": (False, False),
        "<final>": (True, False),
        "<initial>": (False, True),
        "<medial>": (True, True),
    }.get(tag)


def _looks_visual(text: str) -> bool:
    """Whether the presentation forms of `text` only make sense read backwards: a word that
    opens with a final form and closes with an initial one, or neighbours whose joins meet
    only in reverse. Letters written as base letters mean the text is logical."""
    forward = backward = 0
    previous: tuple[bool, bool] | None = None
    for char in text:
        if is_mark(char):
            continue
        joins = _joins(char)
        if joins is None:
            if unicodedata.bidirectional(char) == "AL" and not char.isdigit():
                return False
            if previous is not None:
                # The last letter of a word: final in reading order, initial read backwards.
                forward += previous == (True, False)
                backward += previous == (False, True)
            previous = None
            continue
        if previous is None:
            forward += joins == (False, True)
            backward += joins == (True, False)
        else:
            reading = previous[1] == joins[0]
            reversed_ = joins[1] == previous[0]
            forward += reading and not reversed_
            backward += reversed_ and not reading
        previous = joins
    if previous is not None:
        forward += previous == (True, False)
        backward += previous == (False, True)
    return backward > forward


def from_screen_order(text: str) -> str:
    """`text` in reading order: as it is, unless it is a line copied from a screen that drew
    Arabic in visual order (presentation forms whose joins only make sense read backwards).
    Then the line is turned back as a right-to-left line is drawn: reversed, a letter's marks
    kept after it, runs of Latin letters and numbers kept in their order, brackets mirrored
    back, and its presentation forms folded to the letters they stand for."""
    if not _looks_visual(text):
        return text
    clusters: list[str] = []
    for char in text:
        if clusters and is_mark(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    clusters.reverse()
    kinds = [bidi_class(cluster[0]) for cluster in clusters]
    out: list[str] = []
    i = 0
    while i < len(clusters):
        if kinds[i] not in _LEFT_TO_RIGHT:
            out.append(mirror(clusters[i]) if len(clusters[i]) == 1 else clusters[i])
            i += 1
            continue
        # A left-to-right run: its letters and numbers, and the spaces and separators
        # between them (not after its last one).
        end = last = i
        while end < len(clusters) and (
            kinds[end] in _LEFT_TO_RIGHT or kinds[end] in _NUMBER_PUNCTUATION
        ):
            if kinds[end] in _LEFT_TO_RIGHT:
                last = end
            end += 1
        out.extend(reversed(clusters[i : last + 1]))
        i = last + 1
    return "".join(
        unicodedata.normalize("NFKC", char) if is_presentation_form(char) else char
        for char in "".join(out)
    )
