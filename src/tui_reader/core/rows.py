"""The rows of the reading view: which segment each row shows, and what is under a cell.

Each segment is a block of rows (its Arabic beside or above its English) with one blank row
after it. A long text gets estimated heights at first and exact ones around the reading
position, so that it opens at once; the rest are measured later (the reader does it in a
thread) and swapped in without moving what the reader sees. Nothing here knows of Textual: the
view asks this model, and only draws.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from tui_reader.core.display import VisualLine, layout, line_count
from tui_reader.core.text import Segment

GUTTER = " │ "
ARABIC_INSET = 1
"""Blank cells between the Arabic pane and the view's right margin."""
NO_ENGLISH = "(no English rendering yet)"
BLOCKS_KEPT = 128
"""Laid-out segments kept: a dozen screens back and forth, not a whole book (their lines and
clusters are objects the garbage collector walks)."""
EXACT_HEIGHTS_UP_TO = 300
"""Texts of up to this many segments are measured whole before they are shown."""
EXACT_SCREENS = 2
"""A longer one gets exact rows for this many screens from the reading position (and one
screen above it) before it is shown; the rest is measured later."""


class Geometry(NamedTuple):
    """The panes' places: everything a segment's rows depend on besides its text."""

    width: int
    """Of the view's content, in cells."""
    side: bool
    """The panes side by side (else stacked, Arabic first)."""
    english: int
    """The English pane's width, one cell of margin left out on each side."""
    arabic: int
    visual: bool
    """False lays out logical, unshaped text (for terminals that do bidi themselves)."""

    @classmethod
    def of(cls, width: int, *, side: bool, visual: bool) -> Geometry:
        inner = max(width - 2, 1)
        english = inner
        # The Arabic pane keeps a blank cell on its right, where its lines begin: the draft
        # mark in the margin beyond it would otherwise touch the first word.
        arabic = max(inner - ARABIC_INSET, 1)
        if side:
            english = max((inner - len(GUTTER)) // 2, 1)
            arabic = max(inner - len(GUTTER) - english - ARABIC_INSET, 1)
        return cls(width, side, english, arabic, visual)


@dataclass(frozen=True)
class Block:
    """A segment laid out at a geometry."""

    arabic: list[VisualLine]
    english: list[VisualLine]
    height: int
    english_missing: bool


@dataclass(frozen=True)
class Pointed:
    """What is under a cell: a segment, a pane, and the logical offset drawn there (if any)."""

    index: int
    pane: str
    offset: int | None


def lay_out(segment: Segment, geometry: Geometry) -> Block:
    arabic = layout(segment.ar, geometry.arabic, rtl=True, visual=geometry.visual)
    missing = not segment.en.strip()
    english = layout(
        NO_ENGLISH if missing else segment.en, geometry.english, rtl=False, visual=geometry.visual
    )
    height = max(len(arabic), len(english)) if geometry.side else len(arabic) + len(english)
    return Block(arabic, english, height, missing)


def lay_out_ahead(segment: Segment, geometry: Geometry) -> Block:
    """`lay_out`, with every line made as drawing will ask for it (see `VisualLine.made`):
    what a thread can do before the segment comes into view."""
    block = lay_out(segment, geometry)
    for line in (*block.arabic, *block.english):
        line.made()
    return block


def measure(segment: Segment, geometry: Geometry) -> int:
    """A segment's rows, counted without laying it out (see `line_count`): the same as
    `lay_out(...).height`."""
    english = segment.en if segment.en.strip() else NO_ENGLISH
    if geometry.visual:
        arabic_lines = line_count(segment.ar, geometry.arabic)
        english_lines = line_count(english, geometry.english)
    else:
        arabic_lines = len(layout(segment.ar, geometry.arabic, visual=False))
        english_lines = len(layout(english, geometry.english, rtl=False, visual=False))
    if geometry.side:
        return max(arabic_lines, english_lines)
    return arabic_lines + english_lines


def estimate(segment: Segment, geometry: Geometry) -> int:
    """A segment's rows, guessed from its length alone."""
    arabic_lines = len(segment.ar) // geometry.arabic + 1
    english_lines = len(segment.en or NO_ENGLISH) // geometry.english + 1
    return max(arabic_lines, english_lines) if geometry.side else arabic_lines + english_lines


class Rows:
    """The rows of a text's segments at one geometry: heights, where each starts, and what
    is drawn at a cell. Rows are counted from the top of the whole text."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        self.segments = segments
        self.geometry: Geometry | None = None
        """The geometry laid out for, None until `lay_out`."""
        self._heights: list[int] = []
        self._starts: list[int] = [0]
        self._blocks: OrderedDict[tuple[int, Geometry], Block] = OrderedDict()

    @property
    def heights(self) -> Sequence[int]:
        """Each segment's rows, without the blank row after it."""
        return self._heights

    @property
    def starts(self) -> Sequence[int]:
        """The first row of each segment, and one past the blank row after the last."""
        return self._starts

    @property
    def total(self) -> int:
        """Rows of the whole text (no blank row after the last segment)."""
        return max(self._starts[-1] - 1, 0)

    def lay_out(self, geometry: Geometry, *, around: int, screen: int) -> bool:
        """Heights for every segment at `geometry`. A long text gets exact ones for the
        segments within `EXACT_SCREENS` screens of `screen` rows from segment `around` (and
        one screen above it), estimates for the rest. Returns whether any are estimates: if
        so, `measure` each segment and `replace` the heights."""
        count = len(self.segments)
        if count <= EXACT_HEIGHTS_UP_TO:
            heights = [measure(segment, geometry) for segment in self.segments]
        else:
            heights = [estimate(segment, geometry) for segment in self.segments]
            rows, index = 0, around
            while index < count and rows < EXACT_SCREENS * screen:
                heights[index] = measure(self.segments[index], geometry)
                rows += heights[index] + 1
                index += 1
            rows, index = 0, around - 1
            while index >= 0 and rows < screen:
                heights[index] = measure(self.segments[index], geometry)
                rows += heights[index] + 1
                index -= 1
        self.geometry = geometry
        self._set(heights)
        return count > EXACT_HEIGHTS_UP_TO

    def replace(self, heights: list[int], top: int) -> int:
        """New heights (measured ones for estimates). Returns the row that now shows what
        row `top` showed, so the page need not move."""
        anchor = self.segment_at(top)
        offset = top - self._starts[anchor]
        self._set(heights)
        return self._starts[anchor] + offset

    def _set(self, heights: list[int]) -> None:
        self._heights = heights
        starts = [0]
        for height in heights:
            starts.append(starts[-1] + height + 1)
        self._starts = starts

    def block(self, index: int) -> Block:
        """Segment `index` laid out at the current geometry (see `lay_out`)."""
        key = (index, self._laid_out())
        block = self._blocks.get(key)
        if block is not None:
            self._blocks.move_to_end(key)
            return block
        block = self._blocks[key] = lay_out(self.segments[index], key[1])
        if len(self._blocks) > BLOCKS_KEPT:
            self._blocks.popitem(last=False)
        return block

    def kept(self, index: int) -> Block | None:
        """Segment `index` as `block` gives it if it is laid out at the current geometry
        already; None rather than laying it out."""
        key = (index, self._laid_out())
        block = self._blocks.get(key)
        if block is not None:
            self._blocks.move_to_end(key)
        return block

    def keep(self, geometry: Geometry, blocks: list[tuple[int, Block]]) -> None:
        """Blocks laid out elsewhere (`lay_out`, in a thread), kept as `block` keeps its own;
        none if the geometry changed meanwhile."""
        if geometry != self.geometry:
            return
        for index, block in blocks:
            self._blocks.setdefault((index, geometry), block)
        while len(self._blocks) > BLOCKS_KEPT:
            self._blocks.popitem(last=False)

    def _laid_out(self) -> Geometry:
        if self.geometry is None:
            raise LookupError("rows not laid out yet")
        return self.geometry

    def segment_at(self, row: int) -> int:
        """The segment at `row` (the one above, on a blank row between two; the nearest one
        for a row outside the text)."""
        return max(min(bisect_right(self._starts, row) - 1, len(self.segments) - 1), 0)

    def span(self, index: int) -> tuple[int, int]:
        """The first row of a segment and its number of rows."""
        top = self._starts[index]
        return top, self._starts[index + 1] - 1 - top

    def locate(self, row: int) -> tuple[int, int] | None:
        """(segment, row within the segment) at `row`, or None past the end of the text."""
        if row < 0 or row >= self.total:
            return None
        index = self.segment_at(row)
        return index, row - self._starts[index]

    def pointed(self, x: int, row: int) -> Pointed | None:
        """The segment, pane and logical offset at cell (x, row) of the view's content."""
        found = self.locate(row)
        if found is None:
            return None
        index, local = found
        block = self.block(index)
        if local >= block.height:
            return None
        _, side, english_width, arabic_width, visual = self._laid_out()
        arabic_x = 1 + english_width + len(GUTTER) if side else 1
        if side:
            in_arabic = x >= arabic_x - len(GUTTER) // 2
            line_index = local
        else:
            in_arabic = local < len(block.arabic)
            line_index = local if in_arabic else local - len(block.arabic)
        lines = block.arabic if in_arabic else block.english
        pane = "ar" if in_arabic else "en"
        if line_index >= len(lines) or (pane == "en" and block.english_missing):
            return Pointed(index, pane, None)
        line = lines[line_index]
        if in_arabic:
            pad = arabic_width - line.width if visual else 0
            return Pointed(index, pane, line.offset_at(x - arabic_x - pad))
        return Pointed(index, pane, line.offset_at(x - 1))
