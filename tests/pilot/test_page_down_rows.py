"""Rows of a page the reader has not drawn before (issue 22, row 2a: page-down on a book)
reach Textual with their cells known, so Rich does not count their letters again; and what
is drawn is what Rich would have made of it."""

from __future__ import annotations

import pytest
from textual import strip as strip_module
from textual.strip import Strip

from tui_reader.core import library
from tui_reader.core.text import Segment, Text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.widgets.parallel import ParallelView

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)


def _measured(strip: Strip) -> int:
    """The cells of a strip as Rich counts its segments."""
    return Strip(list(strip)).cell_length


@pytest.mark.parametrize("size", [(120, 40), (80, 30)])  # side by side, and stacked
async def test_a_new_page_is_drawn_without_counting_its_cells_again(
    monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ParallelView)
        counted = 0
        count = strip_module.get_line_length

        def counting(segments: object) -> int:
            nonlocal counted
            counted += 1
            return count(segments)  # type: ignore[arg-type]

        view._row_cache.clear()
        monkeypatch.setattr(strip_module, "get_line_length", counting)
        rows = [view.render_line(y) for y in range(view.size.height)]
        assert counted == 0
        monkeypatch.undo()
        width = view.scrollable_content_region.width
        assert all(row.cell_length == _measured(row) == width for row in rows)


async def test_a_row_rich_would_count_otherwise_is_cut_to_the_view() -> None:
    """A variation selector after an emoji, and a character wider than its pane: the row is
    made as wide as the view by Rich's count, as before."""
    text = Text(
        id="odd",
        title_ar="",
        title_en="",
        segments=(
            Segment(id="s1", ar="\u263a\ufe0f " * 30, en="\u263a\ufe0f" * 50),
            Segment(id="s2", ar="\u0628", en="\u4e2d"),
        ),
    )
    app = ReaderApp(text)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ParallelView)
        width = view.scrollable_content_region.width
        rows = [view.render_line(y) for y in range(view.size.height)]
        assert all(row.cell_length == _measured(row) == width for row in rows)
