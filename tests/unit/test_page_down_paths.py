"""The reading view tells Textual the cells of a row instead of letting Rich count the letters
again (issue 22, row 2a: page-down on a book). It may only when each line's width is what Rich
would count: held here over hostile text, with the cases it leaves to Rich."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from rich.cells import cell_len
from test_properties import _settings, hostile_text, widths

from tui_reader.core import display
from tui_reader.ui.widgets.painting import _fits


@pytest.mark.parametrize(("rtl", "visual"), [(True, True), (False, True), (True, False)])
@_settings(400)
@given(text=hostile_text, width=widths)
@example(text="\u263a\ufe0f \u0628", width=10)  # a variation selector widens the emoji
@example(text="\U0001f468\u200d\U0001f469\u200d\U0001f467 \u0628", width=10)
def test_a_line_that_fits_its_pane_is_as_wide_as_rich_counts_it(
    text: str, width: int, rtl: bool, visual: bool
) -> None:
    for line in display.layout(text, width, rtl=rtl, visual=visual):
        if _fits(line, width):
            assert cell_len(line.text) == line.width <= width


def test_a_variation_selector_after_an_emoji_is_counted_by_rich_not_by_the_line() -> None:
    """The case `_fits` leaves to Rich: U+FE0F after ☺ makes it two cells for Rich."""
    [line] = display.layout("\u263a\ufe0f", 10, rtl=False)
    assert cell_len(line.text) != line.width
    assert not _fits(line, 10)


def test_a_line_wider_than_its_pane_is_left_to_rich() -> None:
    [line] = display.layout("\u4e2d", 1, rtl=False)  # one wide character in one cell
    assert line.width == 2
    assert not _fits(line, 1)


def test_a_pane_with_no_line_is_blank_and_fits() -> None:
    assert _fits(None, 3)
