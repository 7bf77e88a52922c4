"""Folding for matching: each choice, and spans mapped back to the original."""

from __future__ import annotations

import pytest

from tui_reader.core.normalize import _fold_char, fold, normalize


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("ﻓﺮﻳﻖ ﺍﻟﻌﻤﻞ", "فريق العمل"),  # presentation forms, as in the bundled article
        ("\ufefb", "لا"),  # a lam-alef ligature form becomes two letters
        ("مُكَافَحَةٌ", "مكافحة"),  # harakat and tanween
        ("البنّاءة", "البناءة"),  # shadda
        ("مـــكافحة", "مكافحة"),  # tatweel
        ("أإآٱا", "ااااا"),  # alef forms
        ("على", "علي"),  # alef maqsura
        ("مسؤول مسئول", "مسءول مسءول"),  # hamza seats
        ("يهيء يهيئ", "يهيء يهيء"),
        ("کتاب ی", "كتاب ي"),  # Persian keh and yeh
        ("ب\u200dب\u200c", "بب"),  # joiners
        ("مدينة", "مدينة"),  # ta marbuta stays
    ],
)
def test_each_folding_choice(written: str, folded: str) -> None:
    assert normalize(written) == folded


def test_code_points_in_the_presentation_blocks_that_are_not_letters_stay() -> None:
    for odd in ("\ufdd0", "\ufdef", "\ufe75", "\ufffd"):
        assert normalize(f"ب{odd}ب") == f"ب{odd}ب"
        assert fold(f"ب{odd}ب").text == f"ب{odd}ب"


def test_the_fast_path_agrees_with_the_mapped_one() -> None:
    sample = "".join(chr(code) for code in range(0x0600, 0x0700))
    sample += "".join(chr(code) for code in range(0xFB50, 0xFF00)) + "aé\u0301\U0001f600"
    assert normalize(sample) == fold(sample).text


def test_the_fast_path_agrees_with_the_mapped_one_on_every_character() -> None:
    """Every code point alone, and all of them in one string: the regex classes are built
    from a short list of candidates, so a character they miss would show here."""
    every = [chr(code) for code in range(0x10000) if not 0xD800 <= code <= 0xDFFF]
    for char in every:
        assert normalize(char) == _fold_char(char), f"U+{ord(char):04X}"
    assert normalize("".join(every)) == "".join(map(_fold_char, every))


def test_folding_is_idempotent() -> None:
    text = "وَلِلْإِرْهَابِيِّينَ ﻓﺮﻳﻖ أُسس على"
    assert normalize(normalize(text)) == normalize(text)


def test_spans_map_back_to_the_original_and_take_in_trailing_marks() -> None:
    original = "في مُكَافَحَةٌ الإرهاب"
    folded = fold(original)
    start = folded.text.index("مكافحة")
    first, last = folded.span(start, start + len("مكافحة"))
    assert original[first:last] == "مُكَافَحَةٌ"


def test_span_of_a_presentation_form_word() -> None:
    original = "توصيات ﻓﺮﻳﻖ ﺍﻟﻌﻤﻞ المعني"
    folded = fold(original)
    start = folded.text.index("فريق")
    first, last = folded.span(start, start + 4)
    assert original[first:last] == "ﻓﺮﻳﻖ"


def test_the_shipped_table_of_what_folding_changes_is_what_the_folding_code_lists(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The table saves listing the characters at every start; it must list what the code
    would (run scripts/folding-table after changing the folding). On a Python with another
    Unicode version the table is not used, and the list is made."""
    import unicodedata

    from tui_reader.core import folding_table, normalize

    computed = normalize.computed_change_ranges()
    if unicodedata.unidata_version == folding_table.UNICODE_VERSION:
        assert computed == (folding_table.DROPPED, folding_table.REWRITTEN, folding_table.LONGER)
    monkeypatch.setattr(folding_table, "UNICODE_VERSION", "another")
    assert normalize._change_ranges() == computed
    monkeypatch.setattr(folding_table, "DROPPED", "")
    monkeypatch.setattr(folding_table, "UNICODE_VERSION", unicodedata.unidata_version)
    assert normalize._change_ranges()[0] == ""
