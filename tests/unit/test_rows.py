"""The reading view's row model: heights, starts, which row is which segment, what is under a
cell, and estimates swapped for measures without moving the page."""

from __future__ import annotations

import pytest

from tui_reader.core import library
from tui_reader.core.rows import (
    ARABIC_INSET,
    BLOCKS_KEPT,
    EXACT_HEIGHTS_UP_TO,
    GUTTER,
    Geometry,
    Pointed,
    Rows,
    estimate,
    lay_out,
    lay_out_ahead,
    measure,
)
from tui_reader.core.text import Segment

SIDE = Geometry.of(120, side=True, visual=True)
STACKED = Geometry.of(60, side=False, visual=True)


def _article() -> list[Segment]:
    return list(library.open_text(library.DEFAULT_TEXT_ID).segments)


def _laid_out(segments: list[Segment], geometry: Geometry) -> Rows:
    rows = Rows(segments)
    rows.lay_out(geometry, around=0, screen=40)
    return rows


@pytest.mark.parametrize("width", [20, 21, 60, 99, 100, 101, 160])
def test_the_panes_and_their_margins_fill_the_width(width: int) -> None:
    side = Geometry.of(width, side=True, visual=True)
    assert 1 + side.english + len(GUTTER) + side.arabic + ARABIC_INSET + 1 == width
    stacked = Geometry.of(width, side=False, visual=True)
    assert stacked.english == stacked.arabic + ARABIC_INSET == width - 2


@pytest.mark.parametrize("geometry", [SIDE, STACKED, STACKED._replace(visual=False)])
def test_heights_are_the_laid_out_ones_and_starts_leave_a_blank_row(geometry: Geometry) -> None:
    segments = _article()
    rows = _laid_out(segments, geometry)
    assert list(rows.heights) == [lay_out(segment, geometry).height for segment in segments]
    assert rows.starts[0] == 0
    for index, height in enumerate(rows.heights):
        assert rows.starts[index + 1] == rows.starts[index] + height + 1
        assert rows.span(index) == (rows.starts[index], height)
    assert rows.total == rows.starts[-1] - 1


def test_side_by_side_is_as_tall_as_the_taller_pane_stacked_the_sum() -> None:
    segment = Segment("s1", "نص " * 40, "word " * 5)
    side = lay_out(segment, SIDE)
    assert side.height == max(len(side.arabic), len(side.english)) > len(side.english)
    stacked = lay_out(segment, STACKED)
    assert stacked.height == len(stacked.arabic) + len(stacked.english)


def test_each_row_belongs_to_its_segment() -> None:
    rows = _laid_out(_article(), SIDE)
    for index in range(len(rows.heights)):
        top, height = rows.span(index)
        for row in range(top, top + height):
            assert rows.segment_at(row) == index
            assert rows.locate(row) == (index, row - top)
        # The blank row after a segment counts as that segment's.
        assert rows.segment_at(top + height) == index
    assert rows.segment_at(-5) == 0
    assert rows.segment_at(rows.total + 100) == len(rows.heights) - 1
    assert rows.locate(-1) is None
    assert rows.locate(rows.total) is None
    assert rows.locate(rows.total - 1) == (len(rows.heights) - 1, rows.heights[-1] - 1)


def test_nothing_is_laid_out_before_a_geometry() -> None:
    rows = Rows(_article())
    assert rows.geometry is None and rows.total == 0
    assert rows.pointed(5, 0) is None
    with pytest.raises(LookupError):
        rows.block(0)


def test_blocks_are_kept_per_geometry() -> None:
    segments = _article()
    rows = _laid_out(segments, SIDE)
    assert rows.block(3) is rows.block(3)
    side = rows.block(3)
    rows.lay_out(STACKED, around=0, screen=40)
    assert rows.block(3) == lay_out(segments[3], STACKED) != side


def test_a_cell_gives_the_logical_offset_drawn_there_side_by_side() -> None:
    rows = _laid_out([Segment("s1", "بيت كبير", "a house")], SIDE)
    english_x, arabic_x = 1, 1 + SIDE.english + len(GUTTER)
    assert rows.pointed(english_x, 0) == Pointed(0, "en", 0)
    assert rows.pointed(english_x + 2, 0) == Pointed(0, "en", 2)
    assert rows.pointed(english_x + 20, 0) == Pointed(0, "en", None)
    # Arabic runs right to left from the pane's right edge: its first letter is rightmost.
    right = arabic_x + SIDE.arabic - 1
    assert rows.pointed(right, 0) == Pointed(0, "ar", 0)
    assert rows.pointed(right - 1, 0) == Pointed(0, "ar", 1)
    assert rows.pointed(arabic_x, 0) == Pointed(0, "ar", None)
    # The gutter splits between the panes at its middle.
    assert rows.pointed(arabic_x - 1, 0) == Pointed(0, "ar", None)
    assert rows.pointed(arabic_x - 2, 0) == Pointed(0, "en", None)
    # The blank row after the segment, and past the end.
    assert rows.pointed(right, 1) is None
    assert rows.pointed(right, 5) is None


def test_a_cell_gives_the_logical_offset_drawn_there_stacked() -> None:
    segments = [Segment("s1", "بيت كبير", "a house"), Segment("s2", "نص", "")]
    rows = _laid_out(segments, STACKED)
    right = 1 + STACKED.arabic - 1
    assert rows.pointed(right, 0) == Pointed(0, "ar", 0)
    assert rows.pointed(1, 1) == Pointed(0, "en", 0)
    assert rows.pointed(3, 1) == Pointed(0, "en", 2)
    top, _ = rows.span(1)
    assert rows.pointed(right, top) == Pointed(1, "ar", 0)
    # The "(no English rendering yet)" line holds no offset.
    assert rows.pointed(1, top + 1) == Pointed(1, "en", None)


def test_without_visual_order_arabic_starts_at_the_pane_left() -> None:
    logical = STACKED._replace(visual=False)
    rows = _laid_out([Segment("s1", "بيت كبير", "a house")], logical)
    assert rows.pointed(1, 0) == Pointed(0, "ar", 0)
    assert rows.pointed(2, 0) == Pointed(0, "ar", 1)


def _long(copies: int) -> list[Segment]:
    article = _article()
    return [
        Segment(f"s{n}-{i}", segment.ar, segment.en)
        for n in range(copies)
        for i, segment in enumerate(article)
    ]


def test_a_short_text_is_measured_whole() -> None:
    segments = _long(1)
    assert len(segments) <= EXACT_HEIGHTS_UP_TO
    assert Rows(segments).lay_out(SIDE, around=0, screen=40) is False


def test_a_long_text_gets_exact_rows_around_the_reading_position_and_estimates_elsewhere() -> None:
    segments = _long(30)
    assert len(segments) > EXACT_HEIGHTS_UP_TO
    rows = Rows(segments)
    assert rows.lay_out(SIDE, around=200, screen=40) is True
    top, _ = rows.span(200)
    first, last = rows.segment_at(top - 40), rows.segment_at(top + 80)
    assert first < 198 and last > 202
    for index in range(first, last + 1):
        assert rows.heights[index] == measure(segments[index], SIDE), index
    estimated = [i for i, s in enumerate(segments) if rows.heights[i] != measure(s, SIDE)]
    assert estimated, "every height exact: the test no longer shows that the rest is estimated"
    assert all(rows.heights[i] == estimate(segments[i], SIDE) for i in estimated)


@pytest.mark.parametrize("reading", [0, 200, 500])
def test_measured_heights_replace_estimates_without_moving_the_page(reading: int) -> None:
    segments = _long(30)
    rows = Rows(segments)
    rows.lay_out(SIDE, around=reading, screen=40)
    top = rows.starts[reading] + 1
    shown = rows.locate(top)
    measured = [measure(segment, SIDE) for segment in segments]
    assert measured != list(rows.heights)
    new_top = rows.replace(measured, top)
    assert list(rows.heights) == measured
    assert rows.locate(new_top) == shown
    assert rows.replace(measured, new_top) == new_top


def test_one_corrected_height_moves_only_what_is_below_it() -> None:
    rows = _laid_out(_article(), SIDE)
    top = rows.starts[5] + 1
    heights = list(rows.heights)
    heights[2] += 3
    heights[9] += 4
    assert rows.replace(heights, top) == top + 3
    assert rows.locate(top + 3) == (5, 1)


def test_measure_is_the_laid_out_height() -> None:
    for geometry in (SIDE, STACKED, STACKED._replace(visual=False)):
        for segment in [*_article(), Segment("e", "نص", " ")]:
            assert measure(segment, geometry) == lay_out(segment, geometry).height


def _unlaid(rows: Rows, indexes: range) -> list[int]:
    return [index for index in indexes if rows.kept(index) is None]


def test_blocks_laid_out_elsewhere_are_kept_and_not_laid_out_again() -> None:
    """The reading view lays out the next page in a thread and hands the blocks over."""
    segments = _article()
    rows = _laid_out(segments, SIDE)
    rows.block(2)
    assert _unlaid(rows, range(5)) == [0, 1, 3, 4]
    ahead = [(3, lay_out(segments[3], SIDE)), (4, lay_out(segments[4], SIDE))]
    rows.keep(SIDE, ahead)
    assert _unlaid(rows, range(len(segments))) == [0, 1, *range(5, len(segments))]
    assert rows.block(3) is ahead[0][1]


def test_blocks_laid_out_at_a_geometry_left_behind_are_not_kept() -> None:
    segments = _article()
    rows = _laid_out(segments, SIDE)
    rows.keep(STACKED, [(3, lay_out(segments[3], STACKED))])
    assert rows.kept(3) is None
    assert rows.block(3) == lay_out(segments[3], SIDE)


def test_blocks_kept_from_elsewhere_stay_bounded() -> None:
    segments = [Segment(f"s{i}", "بيت", "a house") for i in range(BLOCKS_KEPT + 50)]
    rows = _laid_out(segments, SIDE)
    rows.keep(SIDE, [(index, lay_out(segment, SIDE)) for index, segment in enumerate(segments)])
    assert len(_unlaid(rows, range(len(segments)))) == 50


def test_a_segment_laid_out_ahead_is_the_segment_laid_out_with_its_lines_made() -> None:
    for segment in _article():
        for geometry in (SIDE, STACKED, Geometry.of(80, side=False, visual=False)):
            ahead = lay_out_ahead(segment, geometry)
            assert ahead == lay_out(segment, geometry)
            for line in (*ahead.arabic, *ahead.english):
                assert line._text is not None
