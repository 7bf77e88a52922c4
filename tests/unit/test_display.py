"""The display pipeline's own promises: widths, wrapping in logical order, the cell map,
marks kept, controls harmless. (Agreement with FriBidi is in test_display_fribidi.)"""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from rich.cells import cell_len

from tui_reader.core import library
from tui_reader.core.display import layout, render_lines

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)
HARAKAT = {chr(code) for code in range(0x064B, 0x0653)}


def _covered(text: str, width: int) -> list[int]:
    offsets: list[int] = []
    for line in layout(text, width):
        for cluster in line.clusters:
            offsets.extend(range(cluster.start, cluster.end))
    return sorted(offsets)


@pytest.mark.parametrize("width", [8, 15, 40, 80])
def test_no_line_is_wider_than_the_pane(width: int) -> None:
    for segment in ARTICLE:
        for line in layout(segment.ar, width):
            assert line.width <= width
            assert cell_len(line.text) == line.width


@pytest.mark.parametrize("width", [8, 15, 40, 80])
def test_every_visible_character_is_drawn_once(width: int) -> None:
    for segment in ARTICLE:
        expected = [i for i, char in enumerate(segment.ar) if not char.isspace()]
        assert [i for i in _covered(segment.ar, width) if not segment.ar[i].isspace()] == expected


def test_lines_follow_logical_order_and_break_only_at_spaces() -> None:
    text = ARTICLE.segments[1].ar
    lines = layout(text, 30)
    assert len(lines) > 3
    for before, after in itertools.pairwise(lines):
        assert before.end <= after.start
        assert text[before.end : after.start].isspace()
        assert not text[after.start].isspace()


def test_only_a_word_wider_than_the_line_is_split() -> None:
    word = "استئصالجذورالإرهابومصادرتمويله"
    lines = layout(f"في {word} هنا", 10)
    assert all(line.width <= 10 for line in lines)
    assert "".join(word[line.start : line.end] for line in lines[1:-1] if line.start >= 3)
    assert layout("في جذوره هنا", 10)[0].end == 8


def test_lines_are_right_aligned_to_the_width() -> None:
    for row in render_lines(ARTICLE.segments[0].ar, 50):
        assert cell_len(row) == 50
        assert row.startswith(" ") and not row.endswith(" ")


def test_vowel_marks_are_kept_and_follow_their_letter() -> None:
    text = "مُحَمَّدٌ"
    [line] = layout(text, 20)
    assert sum(char in HARAKAT for char in line.text) == sum(char in HARAKAT for char in text)
    assert line.text[0] not in HARAKAT
    for cluster in line.clusters:
        assert cluster.text[0] not in HARAKAT


def test_allah_is_not_made_a_ligature() -> None:
    [line] = layout("الله", 10)
    assert "\ufdf2" not in line.text
    assert line.width == 4


def test_lam_alef_ligature_covers_both_letters() -> None:
    [line] = layout("لا", 10)
    assert line.text == "\ufefb"
    assert (line.clusters[0].start, line.clusters[0].end) == (0, 2)


def test_cell_map_points_at_the_original_letters() -> None:
    text = "قرار 2462 (2019م)"
    [line] = layout(text, 40)
    for x in range(line.width):
        offset = line.offset_at(x)
        assert offset is not None
        if text[offset].isdigit():
            assert line.text[x] == text[offset]
    # "2462" reads left to right on screen, inside a right-to-left line.
    cells = list(line.cells(5, 9))
    assert len(cells) == 1
    x0, x1 = cells[0]
    assert line.text[x0:x1] == "2462"
    assert line.offset_at(line.width) is None


def test_presentation_forms_in_the_source_are_shaped_like_base_letters() -> None:
    mixed = "فﺮيق"
    plain = unicodedata.normalize("NFKC", mixed)
    assert layout(mixed, 10)[0].text == layout(plain, 10)[0].text


@pytest.mark.parametrize(
    "hostile",
    ["\x1b]0;owned\x07", "\x1b[2J", "\x9b31m", "abc\u202eتم\u202c", "\ud800", "\u2066x\u2069"],
)
def test_control_characters_never_reach_the_terminal(hostile: str) -> None:
    for line in layout(f"نص {hostile} نص", 80):
        for char in line.text:
            assert unicodedata.category(char) not in ("Cc", "Cf", "Cs"), repr(char)


def test_an_override_cannot_reorder_the_text() -> None:
    plain = layout("abc تم def", 40)[0].text
    disguised = layout("abc \u202eتم\u202c def", 40)[0].text
    assert disguised == plain


def test_terminal_mode_sends_logical_unshaped_text() -> None:
    text = "قرار (2019م) abc"
    [line] = layout(text, 40, visual=False)
    assert line.text == text


def test_paragraph_breaks_inside_a_segment_start_new_lines() -> None:
    lines = layout("سطر أول\nسطر ثان", 80)
    assert [(line.start, line.end) for line in lines] == [(0, 7), (8, 15)]


def test_empty_text_gives_one_empty_line() -> None:
    [line] = layout("", 10)
    assert line.text == "" and line.width == 0


def test_visible_makes_a_label_safe_in_logical_order() -> None:
    from tui_reader.core.display import visible

    assert visible("a\x1b[2Jb\u202ec\nd\u200de") == "a␛[2Jbc de"


def test_a_control_character_is_a_word_for_the_line_count_as_for_layout() -> None:
    from tui_reader.core.display import line_count

    for text in ("aaaa\x1fbbbb", "aa\x1cbb cc", "نص\x1fنص نص"):
        for width in (2, 4, 5):
            assert line_count(text, width) == len(layout(text, width)), (text, width)


def test_right_alignment_counts_cells_not_characters() -> None:
    from rich.cells import cell_len

    from tui_reader.ui.arabic import first_line, right_aligned

    line = first_line("مُكَافَحَةُ الإِرْهَابِ", 30)
    assert cell_len(right_aligned(line, 30)) == 30


def test_the_white_space_of_line_counting_is_what_layout_breaks_at() -> None:
    """`_tokens` lists its white space from the bidi classes alone; `_displayable`, which
    layout uses, must agree on every character."""
    import unicodedata

    from tui_reader.core.display import _PARAGRAPH_BREAK, _displayable, _tokens

    expected = {
        chr(code)
        for code in range(0x10000)
        if not 0xD800 <= code <= 0xDFFF
        and _displayable(chr(code))[1] in ("WS", "S")
        and not _PARAGRAPH_BREAK.match(chr(code))
    }
    pattern = _tokens()
    for code in range(0x10000):
        char = chr(code)
        spaces = pattern.match(char)
        assert spaces is not None
        assert (spaces.group(1) == char) == (char in expected), f"U+{code:04X}"
    assert unicodedata.bidirectional("\x1f") == "S" and "\x1f" not in expected
