"""The editing model: where a logical cursor and selection are drawn, how the keys move it,
and pasted screen text taken back to reading order. Cursor places are checked against GNU
FriBidi's levels and visual order, as the display's lines are."""

from __future__ import annotations

from ctypes import byref, c_int, c_int8, c_uint32

import pytest
from fribidi_ref import FLAGS, FRIBIDI_PAR_LTR, FRIBIDI_PAR_RTL, _lib, _utf32

from tui_reader.core import library
from tui_reader.core.display import layout
from tui_reader.core.editing import (
    EditLayout,
    first_strong_rtl,
    from_screen_order,
    is_rtl,
)

# Paragraphs where every character takes one cell of its own (no marks, no lam-alef), so a
# FriBidi visual index is a cell.
MIXED = [
    "مرحبا abc",
    "ب abc",
    "abc مرحبا",
    "قرار رقم 2462 في عام 2019",
    "فريق العمل المالي (FATF) في باريس",
    "ارتفع بنسبة 50% مقابل $100",
    "Latin first then عربي then more",
    "مرحبا abc ",
    "a (b) ج",
]


def _fribidi_order(paragraph: str, rtl: bool) -> tuple[list[int], list[int]]:
    """(levels after rule L1, logical index at each visual position) from GNU FriBidi."""
    lib = _lib()
    n = len(paragraph)
    text = (c_uint32 * n).from_buffer_copy(_utf32(paragraph))
    types = (c_uint32 * n)()
    brackets = (c_uint32 * n)()
    levels = (c_int8 * n)()
    lib.fribidi_get_bidi_types(text, n, types)
    lib.fribidi_get_bracket_types(text, n, types, brackets)
    base = c_uint32(FRIBIDI_PAR_RTL if rtl else FRIBIDI_PAR_LTR)
    assert lib.fribidi_get_par_embedding_levels_ex(types, brackets, n, byref(base), levels)
    order = (c_int * n)(*range(n))
    assert lib.fribidi_reorder_line(FLAGS, types, n, 0, base.value, levels, text, order)
    return list(levels), list(order)


def _expected_gap(paragraph: str, offset: int, rtl: bool) -> int:
    """The gap (cells from the row's left end) of a cursor: the trailing edge of the
    character before it, or the leading edge of the first character."""
    levels, order = _fribidi_order(paragraph, rtl)
    if not paragraph:
        return 0
    char = offset - 1 if offset else 0
    cell = order.index(char)
    odd = levels[char] % 2 == 1
    trailing = offset > 0
    return cell if odd == trailing else cell + 1


@pytest.mark.fribidi
@pytest.mark.usefixtures("fribidi")
@pytest.mark.parametrize("paragraph", MIXED)
def test_cursor_stands_where_fribidi_puts_the_edge_of_the_character_before_it(
    paragraph: str,
) -> None:
    rtl = is_rtl(paragraph)
    edit = EditLayout(paragraph, field=60)
    row = edit.rows[0]
    assert row.width == len(paragraph)
    for offset in range(len(paragraph) + 1):
        assert edit.caret(offset).gap - row.indent == _expected_gap(paragraph, offset, rtl), (
            paragraph,
            offset,
        )


@pytest.mark.parametrize("paragraph", MIXED)
def test_rows_are_the_readers_lines(paragraph: str) -> None:
    edit = EditLayout(paragraph.rstrip(), field=60)
    expected = layout(paragraph.rstrip(), 1 << 20, rtl=is_rtl(paragraph))
    assert [row.text for row in edit.rows] == [line.text for line in expected]


def test_wrapped_rows_are_the_readers_lines() -> None:
    text = list(library.open_text(library.DEFAULT_TEXT_ID))[1].ar
    edit = EditLayout(text, 30)
    assert [row.text for row in edit.rows] == [line.text for line in layout(text, 30)]
    assert all(row.indent + row.width == edit.field for row in edit.rows)


def test_direction_is_the_first_strong_character() -> None:
    assert first_strong_rtl("2019 مرحبا abc") is True
    assert first_strong_rtl("(abc) مرحبا") is False
    assert first_strong_rtl("2019 ...") is None
    assert is_rtl("123", fallback=True) is True
    assert is_rtl("abc", "rtl") is True
    assert is_rtl("مرحبا", "ltr") is False


def test_arabic_row_is_right_aligned_and_latin_left() -> None:
    assert EditLayout("مرحبا", field=10).rows[0].indent == 5
    assert EditLayout("hello", field=10).rows[0].indent == 0
    assert EditLayout("hello", field=10, direction="rtl").rows[0].indent == 5


def test_block_cursor_is_where_the_next_letter_appears() -> None:
    edit = EditLayout("مرحبا", field=10)
    # After the last letter (drawn leftmost), the block is on the free cell to its left.
    assert edit.caret(5).cell == 4
    # Before the first letter, on the first letter (at the right end).
    assert edit.caret(0).cell == 9
    latin = EditLayout("abc", field=10)
    assert latin.caret(3).cell == 3
    assert latin.caret(0).cell == 0


@pytest.mark.parametrize("paragraph", [*MIXED, "مُحَمَّدٌ لا إله 2019"])
def test_left_and_right_move_on_screen_and_reach_every_stop(paragraph: str) -> None:
    edit = EditLayout(paragraph, field=60)
    stops = edit.stops(0)
    offset = stops[-1]
    seen = [offset]
    while (moved := edit.left(offset)) != offset:
        assert edit.caret(moved).gap <= edit.caret(offset).gap
        offset = moved
        seen.append(offset)
    assert seen == stops[::-1]
    assert edit.caret(offset).gap == min(edit.caret(stop).gap for stop in stops)
    while (moved := edit.right(offset)) != offset:
        assert edit.caret(moved).gap >= edit.caret(offset).gap
        offset = moved
    assert offset == stops[-1]


def test_left_in_arabic_goes_forward_in_reading_order() -> None:
    edit = EditLayout("مرحبا", field=10)
    assert edit.left(0) == 1
    assert edit.right(1) == 0
    assert edit.left(5) == 5  # the left end


def test_cursor_never_rests_between_a_letter_and_its_marks_or_inside_lam_alef() -> None:
    text = "مُحَمَّد لا"
    stops = EditLayout(text).stops(0)
    assert 1 not in stops and 3 not in stops  # after م, before its damma; after ح
    assert 10 not in stops  # between lam and alef
    assert {0, 2, 4, 7, 8, 9, 11} <= set(stops)


def test_home_and_end_are_the_rows_start_and_end_in_reading_order() -> None:
    edit = EditLayout("مرحبا abc", field=20)
    assert edit.home(4) == 0
    assert edit.end(4) == 9
    assert edit.caret(0).gap == 20  # home: the right end of a right-to-left row


def test_selection_covers_the_cells_of_the_logical_range() -> None:
    edit = EditLayout("مرحبا abc", field=10)
    # " abc ابحرم" on screen: a selection of "با a" is the cells of a, space, ا, ب.
    spans = edit.selection(3, 7)[0]
    assert spans == [(1, 2), (4, 7)]
    row = edit.rows[0]
    assert row.indent == 1 and row.text[0] == "a" and row.text[4:6] == "ﺎﺒ"


def test_a_click_puts_the_block_cursor_on_the_cell_clicked() -> None:
    edit = EditLayout("مرحبا abc", field=12)
    for cell in range(3, 12):
        offset = edit.at_cell(0, cell)
        assert edit.caret(offset).cell in (cell, cell - 1, cell + 1)
    assert edit.at_cell(0, 0) == 9 or edit.caret(edit.at_cell(0, 0)).gap <= 4


def test_click_past_the_text_is_its_end() -> None:
    assert EditLayout("مرحبا", field=20).at_cell(0, 0) == 5
    assert EditLayout("hello", field=20).at_cell(0, 19) == 5


def test_typed_space_at_the_end_is_drawn() -> None:
    edit = EditLayout("مرحبا ", field=10)
    assert edit.rows[0].width == 6
    assert edit.caret(6).gap < edit.caret(5).gap


def test_wrapped_rows_take_the_cursor_to_the_next_row() -> None:
    edit = EditLayout("كلمة أخرى ثالثة", 10)
    assert len(edit.rows) == 2
    assert edit.caret(10).row == 1  # the start of the second row
    assert edit.vertical(0, 1) in range(10, 16)
    assert edit.vertical(12, -1) in range(0, 10)
    # Left off the left end of a right-to-left row goes on to the next row.
    assert edit.left(edit.end(0)) in range(10, 16)


def test_each_paragraph_takes_its_own_direction() -> None:
    edit = EditLayout("مرحبا\nhello", field=10)
    assert [row.base_rtl for row in edit.rows] == [True, False]
    assert edit.caret(6).row == 1


def test_terminal_bidi_rows_are_logical_and_unshaped() -> None:
    edit = EditLayout("مرحبا abc", field=20, visual=False)
    assert edit.rows[0].text == "مرحبا abc"
    assert [edit.caret(o).gap for o in range(10)] == list(range(10))


def test_control_characters_are_drawn_as_symbols() -> None:
    edit = EditLayout("a\x1b[31mb", field=20)
    assert "\x1b" not in edit.rows[0].text


def test_screen_order_word_is_taken_back_to_reading_order() -> None:
    assert from_screen_order("ﻞﻤﻌﻟﺍ ﻖﻳﺮﻓ") == "فريق العمل"
    assert from_screen_order("ﻲﻟﺎﻤﻟﺍ ﻞﻤﻌﻟﺍ ﻖﻳﺮﻓ") == "فريق العمل المالي"
    assert from_screen_order("ﺎﻬﻠﻫﺃ") == "أهلها"


def test_screen_order_keeps_latin_and_numbers_and_mirrors_brackets_back() -> None:
    assert from_screen_order("(FATF) ﻲﻟﺎﻤﻟﺍ") == "المالي (FATF)"
    assert from_screen_order("ﻡ2019 ﻡﺎﻋ") == "عام 2019م"


def test_screen_order_is_what_the_reader_draws_turned_back() -> None:
    text = "فريق العمل المالي (FATF) عام 2019م"
    drawn = layout(text, 80)[0].text
    assert from_screen_order(drawn) == text


def test_logical_text_stays_as_it_is() -> None:
    # The bundled article writes some words in presentation forms, in reading order.
    assert from_screen_order("ﻓﺮﻳﻖ ﺍﻟﻌﻤﻞ") == "ﻓﺮﻳﻖ ﺍﻟﻌﻤﻞ"
    assert from_screen_order("فريق العمل") == "فريق العمل"
    assert from_screen_order("terror financing") == "terror financing"
    assert from_screen_order("") == ""
    assert from_screen_order("ﻻ") == "ﻻ"


def test_no_article_line_is_taken_for_screen_order() -> None:
    for segment in library.open_text(library.DEFAULT_TEXT_ID):
        assert from_screen_order(segment.ar) == segment.ar
