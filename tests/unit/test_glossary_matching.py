"""Finding terms as they stand in real text. The table is written from the bundled article:
each row is a word or phrase as it occurs there, and the entry it must (or must not) find."""

from __future__ import annotations

import pytest
from conftest import TESTS_DIR

from tui_reader.core.glossary import load_glossary

MINI = load_glossary(TESTS_DIR / "data" / "mini-glossary.yaml")

TRUE_CASES = [
    ("الإرهاب", "terrorism"),
    ("وللإرهابيين", "terrorist"),
    ("الإرهابيين", "terrorist"),
    ("الإرهابية", "terrorist"),
    ("والإرهابيين", "terrorist"),
    ("الإرهابي", "terrorist"),
    ("بمكافحة", "countering"),
    ("لمكافحة", "countering"),
    ("مكافحته", "countering"),
    ("مُكَافَحَةُ", "countering"),
    ("ومكافحة", "countering"),
    ("المنظمات", "organization"),
    ("منظمة", "organization"),
    ("ولتمويل الإرهاب", "terrorist-financing"),
    ("تمويل الإرهاب", "terrorist-financing"),
    ("والجريمة المنظمة", "organized-crime"),
    ("ﻓﺮﻳﻖ ﺍﻟﻌﻤﻞ المعني ﺑﺎﻟﺘﺪﺍﺑﻴﺮ المالية", "fatf"),
    ("(فاتف)", "fatf"),
]

FALSE_CASES = [
    "كما",  # not ك + ما
    "وفد",  # not و + فد
    "منظم",  # a stem alone is not منظمة
    "تمويل",  # the first word of a two-word term alone
    "ارهب",
]


@pytest.mark.parametrize(("text", "entry_id"), TRUE_CASES)
def test_true_cases_find_their_entry_over_the_whole_phrase(text: str, entry_id: str) -> None:
    matches = MINI.find(text)
    assert [match.entry.id for match in matches] == [entry_id]
    [match] = matches
    assert text[match.start : match.end] == text.strip("()")


@pytest.mark.parametrize("text", FALSE_CASES)
def test_false_cases_find_nothing(text: str) -> None:
    assert MINI.find(text) == []


def test_al_irhab_is_terrorism_not_phobia() -> None:
    assert [m.entry.id for m in MINI.find("الإرهاب والإرهابي")] == ["terrorism", "terrorist"]
    assert MINI.lookup("الإرهاب").entry is MINI.by_id["terrorism"]


def test_longest_match_wins_and_spans_are_exact() -> None:
    text = "في مكافحة الإرهاب ومصادر تمويله ولتمويل الإرهاب عن طريق الجريمة المنظمة."
    found = [(m.entry.id, text[m.start : m.end]) for m in MINI.find(text)]
    assert found == [
        ("countering", "مكافحة"),
        ("terrorism", "الإرهاب"),
        ("terrorist-financing", "ولتمويل الإرهاب"),
        ("organized-crime", "الجريمة المنظمة"),
    ]


def test_lookup_says_what_was_stripped() -> None:
    result = MINI.lookup("وللإرهابيين")
    assert result.entry is MINI.by_id["terrorist"]
    assert result.analysis is not None
    assert result.analysis.proclitics == ("و", "ل", "ال")
    assert result.analysis.suffixes == ("ين",)
    assert result.analysis.describe() == "ولل + ارهابي + ين"
    assert result.analysis.describe("وللإرهابيين") == "ولل + إرهابي + ين"


def test_lookup_without_entry_gives_neither_entry_nor_analysis() -> None:
    result = MINI.lookup("والمؤتمر")
    assert result.entry is None and result.analysis is None


def test_english_equivalents_are_found_with_their_inflections() -> None:
    english = "Terrorists and terrorist financing; the financing of terrorism; Organizations."
    spans = MINI.english_spans(
        [MINI.by_id[i] for i in ("terrorist", "terrorist-financing", "organization")], english
    )
    assert [english[a:b] for a, b in spans] == [
        "Terrorists",
        "terrorist financing",
        "financing of terrorism",
        "Organizations",
    ]


def test_filter_by_arabic_without_hamza_or_english() -> None:
    assert [e.id for e in MINI.filter("ارهاب")][:2] == ["terrorism", "terrorist"]
    assert [e.id for e in MINI.filter("CRIME")] == ["organized-crime"]


def test_lookup_of_a_phrase_finds_the_multi_word_term() -> None:
    assert MINI.lookup("ولتمويل الإرهاب").entry is MINI.by_id["terrorist-financing"]
    assert MINI.lookup("الجريمة المنظمة").entry is MINI.by_id["organized-crime"]
    assert MINI.lookup("تمويل شيء").entry is None


def test_found_as_for_a_phrase_splits_only_its_first_word() -> None:
    result = MINI.lookup("ولتمويل الإرهاب")
    assert result.analysis is not None
    assert result.analysis.describe("ولتمويل الإرهاب") == "ول + تمويل الإرهاب"


def test_no_transliteration_from_an_unvocalized_form() -> None:
    from dataclasses import replace

    from tui_reader.core.glossary import entry_fields

    entry = MINI.by_id["countering"]
    labels = [label for label, _, _ in entry_fields(entry)]
    assert "transliteration" in labels
    bare = replace(entry, vocalized=entry.ar)
    assert "transliteration" not in [label for label, _, _ in entry_fields(bare)]
